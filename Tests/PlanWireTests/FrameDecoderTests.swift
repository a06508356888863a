import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@testable import PlanWire

@Suite("Frame decoding")
struct FrameDecoderTests {
    private func bytes(_ frame: Frame) -> ByteBuffer {
        var buffer = ByteBuffer()
        FrameEncoder.write(frame, to: &buffer)
        return buffer
    }

    @Test("a frame round-trips through the encoder and the decoder, byte by byte")
    func roundTrip() throws {
        let frame = Frame(kind: .message, flags: .compressed, streamID: 7, payload: ByteBuffer(bytes: [1, 2, 3]))
        let encoded = bytes(frame)
        #expect(Array(buffer: encoded) == [0, 0, 0, 3, 3, 1, 0, 0, 0, 7, 1, 2, 3])
        var decoder = FrameDecoder(maxMessageSize: 1024)
        var partial = ByteBuffer()
        for byte in Array(buffer: encoded).dropLast() {
            partial.writeInteger(byte)
            #expect(try decoder.decode(buffer: &partial) == nil)
        }
        partial.writeInteger(UInt8(3))
        #expect(try decoder.decode(buffer: &partial) == .frame(frame))
    }

    @Test("the decoder satisfies NIO's ByteToMessageDecoderVerifier")
    func verifier() throws {
        let frames = [
            Frame(kind: .hello, streamID: 0, payload: ByteBuffer(bytes: [8, 1])),
            Frame(kind: .message, streamID: 1, payload: ByteBuffer(bytes: Array(repeating: 9, count: 100))),
            Frame(kind: .halfClose, streamID: 1),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: frames.map { (bytes($0), [InboundFrame.frame($0)]) },
            decoderFactory: { FrameDecoder(maxMessageSize: 1024) })
    }

    @Test("an unknown frame kind is a protocol violation naming the kind")
    func unknownKind() {
        var buffer = ByteBuffer(bytes: [0, 0, 0, 0, 42, 0, 0, 0, 0, 1])
        var decoder = FrameDecoder(maxMessageSize: 1024)
        #expect(throws: ProtocolViolation(reason: "unknown frame kind 42 on stream 1")) { try decoder.decode(buffer: &buffer) }
    }

    @Test("a message over the limit is reported from its header and skipped without buffering")
    func oversizedMessage() throws {
        var decoder = FrameDecoder(maxMessageSize: 16)
        var buffer = ByteBuffer(bytes: [0, 0, 0x10, 0, 3, 0, 0, 0, 0, 5])  // 4096-byte message on stream 5
        #expect(try decoder.decode(buffer: &buffer) == .oversizedMessage(streamID: 5, length: 4096))
        // The payload arrives in pieces and is dropped as it comes.
        for _ in 0..<4 {
            var piece = ByteBuffer(repeating: 0xAB, count: 1024)
            #expect(try decoder.decode(buffer: &piece) == nil)
            #expect(piece.readableBytes == 0)
        }
        var next = bytes(Frame(kind: .halfClose, streamID: 5))
        #expect(try decoder.decode(buffer: &next) == .frame(Frame(kind: .halfClose, streamID: 5)))
    }

    @Test("an oversized control frame closes the connection with a reason")
    func oversizedControlFrame() {
        var decoder = FrameDecoder(maxMessageSize: 1024, maxControlSize: 64)
        var buffer = ByteBuffer(bytes: [0, 0, 1, 0, 2, 0, 0, 0, 0, 1])
        #expect(throws: ProtocolViolation.self) { try decoder.decode(buffer: &buffer) }
    }

    @Test("random and mutated bytes never crash the decoder")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        let valid = Array(buffer: bytes(Frame(kind: .headers, streamID: 1, payload: ByteBuffer(bytes: Array("hello".utf8)))))
        for round in 0..<5000 {
            var input: [UInt8]
            if round % 2 == 0 {
                input = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                input = valid
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    input[Int.random(in: 0..<input.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            var decoder = FrameDecoder(maxMessageSize: 1024)
            var buffer = ByteBuffer(bytes: input)
            var steps = 0
            while steps < 100, let result = try? decoder.decode(buffer: &buffer) {
                if case .frame(let frame) = result { #expect(frame.payload.readableBytes <= 64 * 1024) }
                steps += 1
            }
            #expect(steps < 100)
        }
    }
}

@Suite("zlib")
struct CompressionTests {
    @Test("compress and decompress round-trip")
    func roundTrip() throws {
        let text = Array(String(repeating: "计划数 实际数 ", count: 1000).utf8)
        let compressed = Zlib.compress(text)
        #expect(compressed.count < text.count / 10)
        #expect(try Zlib.decompress(compressed, limit: text.count) == text)
    }

    @Test("a decompression bomb stops at the limit")
    func bomb() {
        let bomb = Zlib.compress([UInt8](repeating: 0, count: 50_000_000), level: 9)
        #expect(bomb.count < 100_000)
        #expect(throws: DecompressionError.tooLarge(limit: 4 * 1024 * 1024)) { try Zlib.decompress(bomb, limit: 4 * 1024 * 1024) }
    }

    @Test("corrupt and truncated data are refused with a reason")
    func corrupt() {
        let good = Zlib.compress(Array("hello, world".utf8))
        #expect(throws: DecompressionError.self) { try Zlib.decompress([1, 2, 3, 4], limit: 100) }
        #expect(throws: DecompressionError.self) { try Zlib.decompress(good.dropLast(3), limit: 100) }
    }
}
