import NIOCore

/// Splits the byte stream into frames.
///
/// Lengths are checked from the header before any payload is buffered: a MESSAGE frame longer
/// than `maxMessageSize` is skipped as its bytes arrive and reported as `.oversizedMessage`, so
/// the call gets `RESOURCE_EXHAUSTED` and the connection goes on; a control frame longer than
/// `maxControlSize`, or an unknown kind, is a protocol violation that closes the connection.
struct FrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = InboundFrame

    let maxMessageSize: Int
    let maxControlSize: Int

    /// Bytes of an oversized payload still to skip.
    private var skipping = 0

    init(maxMessageSize: Int, maxControlSize: Int = 64 * 1024) {
        self.maxMessageSize = maxMessageSize
        self.maxControlSize = maxControlSize
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let output = try decode(buffer: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(output))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// Decodes one frame from `buffer`, or returns `nil` when more bytes are needed.
    mutating func decode(buffer: inout ByteBuffer) throws -> InboundFrame? {
        if skipping > 0 {
            let skip = min(skipping, buffer.readableBytes)
            buffer.moveReaderIndex(forwardBy: skip)
            skipping -= skip
            if skipping > 0 { return nil }
        }
        guard buffer.readableBytes >= Frame.headerSize,
            let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self),
            let rawKind = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt8.self),
            let flags = buffer.getInteger(at: buffer.readerIndex + 5, as: UInt8.self),
            let streamID = buffer.getInteger(at: buffer.readerIndex + 6, as: UInt32.self)
        else { return nil }
        guard let kind = Frame.Kind(rawValue: rawKind) else {
            throw ProtocolViolation(reason: "unknown frame kind \(rawKind) on stream \(streamID)")
        }
        let payloadLength = Int(length)
        if kind == .message && payloadLength > maxMessageSize {
            buffer.moveReaderIndex(forwardBy: Frame.headerSize)
            skipping = payloadLength
            let skip = min(skipping, buffer.readableBytes)
            buffer.moveReaderIndex(forwardBy: skip)
            skipping -= skip
            return .oversizedMessage(streamID: streamID, length: payloadLength)
        }
        if kind != .message && payloadLength > maxControlSize {
            throw ProtocolViolation(
                reason: "\(kind) frame of \(payloadLength) bytes on stream \(streamID) exceeds the limit of \(maxControlSize)")
        }
        guard buffer.readableBytes >= Frame.headerSize + payloadLength else { return nil }
        buffer.moveReaderIndex(forwardBy: Frame.headerSize)
        let payload = buffer.readSlice(length: payloadLength)!
        return .frame(Frame(kind: kind, flags: Frame.Flags(rawValue: flags), streamID: streamID, payload: payload))
    }
}

/// Writes frames as bytes.
struct FrameEncoder: MessageToByteEncoder {
    typealias OutboundIn = Frame

    func encode(data frame: Frame, out: inout ByteBuffer) {
        Self.write(frame, to: &out)
    }

    static func write(_ frame: Frame, to out: inout ByteBuffer) {
        out.reserveCapacity(minimumWritableBytes: Frame.headerSize + frame.payload.readableBytes)
        out.writeInteger(UInt32(frame.payload.readableBytes))
        out.writeInteger(frame.kind.rawValue)
        out.writeInteger(frame.flags.rawValue)
        out.writeInteger(frame.streamID)
        var payload = frame.payload
        out.writeBuffer(&payload)
    }
}
