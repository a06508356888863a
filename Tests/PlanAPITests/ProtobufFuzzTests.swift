import PlanModel
import Testing

@testable import PlanAPI
@testable import PlanWire
@testable import PlanProtobuf

/// One message type's decoder, and its re-encoding for the values it accepts.
struct Decoder: Sendable, CustomTestStringConvertible {
    let name: String
    /// Decodes, then checks that encoding the value and decoding again gives it back.
    let decodeAndReencode: @Sendable ([UInt8]) throws -> Void

    init<Message: ProtobufCodable & Equatable & Sendable>(_ type: Message.Type) {
        name = "\(Message.self)"
        decodeAndReencode = { bytes in
            let value = try Message(serializedBytes: bytes)
            #expect(try Message(serializedBytes: value.serializedBytes()) == value, "\(Message.self)")
        }
    }

    init<Message: ProtobufCodable & Sendable>(unequatable type: Message.Type) {
        name = "\(Message.self)"
        decodeAndReencode = { bytes in
            _ = try Message(serializedBytes: try Message(serializedBytes: bytes).serializedBytes())
        }
    }

    var testDescription: String { name }

    /// Every message the bridge encodes.
    static let all: [Decoder] = [
        // plan.wire.v1
        Decoder(Hello.self), Decoder(unequatable: CallHeaders.self), Decoder(unequatable: ResponseHeaders.self),
        Decoder(unequatable: Trailers.self), Decoder(Cancel.self), Decoder(GoAway.self),
        // plan.v1 model
        Decoder(Figure.self), Decoder(Mandate.self), Decoder(Paragraph.self), Decoder(NarrativeSection.self),
        Decoder(Objective.self), Decoder(Part.self), Decoder(PlanModel.Unit.self), Decoder(Programme.self),
        Decoder(Footnote.self), Decoder(DeliverableRow.self), Decoder(DeliverableTable.self), Decoder(Catalogue.self),
        // plan.v1.Catalogue
        Decoder(ListProgrammesRequest.self), Decoder(ListProgrammesResponse.self), Decoder(GetProgrammeRequest.self),
        Decoder(ListUnitsRequest.self), Decoder(ListUnitsResponse.self), Decoder(GetUnitRequest.self),
        Decoder(ListObjectivesRequest.self), Decoder(ObjectiveEntry.self), Decoder(ListObjectivesResponse.self),
        Decoder(ListMandatesRequest.self), Decoder(MandateEntry.self), Decoder(ListMandatesResponse.self),
        Decoder(ListTablesRequest.self), Decoder(ListTablesResponse.self), Decoder(GetTableRequest.self),
        Decoder(SearchRequest.self), Decoder(SearchLocation.self), Decoder(TextRange.self), Decoder(SearchHit.self),
        Decoder(SearchResponse.self),
        // plan.v1.Metrics
        Decoder(DimensionValue.self), Decoder(Cut.self), Decoder(AggregateOrder.self), Decoder(GetFiguresRequest.self),
        Decoder(RowFigures.self), Decoder(GetFiguresResponse.self), Decoder(AggregateRequest.self),
        Decoder(AggregateCell.self), Decoder(AggregateResponse.self), Decoder(ImplementationRateRequest.self),
        Decoder(RateCell.self), Decoder(ImplementationRateResponse.self), Decoder(ChangeRequest.self),
        Decoder(ChangeCell.self), Decoder(ChangeResponse.self), Decoder(RankingsRequest.self),
        Decoder(RankingEntry.self), Decoder(RankingsResponse.self), Decoder(RecordActualRequest.self),
        Decoder(Recording.self), Decoder(RecordActualResponse.self), Decoder(RowHistoryRequest.self),
        Decoder(RowHistoryResponse.self), Decoder(WatchRecordingsRequest.self), Decoder(StreamRowsRequest.self),
        Decoder(RowBatch.self),
        // grpc.health.v1
        Decoder(HealthCheckRequest.self), Decoder(HealthCheckResponse.self),
    ]
}

@Suite("Random and mutated bytes never crash a decoder")
struct ProtobufFuzzTests {
    /// Feeds `bytes` to `decoder`: it decodes (and re-encodes equal) or throws a ProtobufError.
    func feed(_ bytes: [UInt8], to decoder: Decoder) {
        do {
            try decoder.decodeAndReencode(bytes)
        } catch is ProtobufError {
        } catch {
            Issue.record("\(decoder.name) threw \(error) for \(bytes)")
        }
    }

    @Test("random bytes", arguments: Decoder.all)
    func randomBytes(decoder: Decoder) {
        var random = SeededGenerator(seed: 0x5EED_0000 &+ UInt64(decoder.name.utf8.count))
        for _ in 0..<400 {
            let count = Int.random(in: 0...96, using: &random)
            feed((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &random) }, to: decoder)
        }
    }

    @Test("random bytes that start like a field of every wire type", arguments: Decoder.all)
    func plausibleBytes(decoder: Decoder) {
        var random = SeededGenerator(seed: 0xF1E1D)
        for _ in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let field = UInt8.random(in: 1...13, using: &random)
                let wireType = [0, 1, 2, 5].randomElement(using: &random)!
                bytes.append(field << 3 | UInt8(wireType))
                let length = Int.random(in: 0...8, using: &random)
                if wireType == 2 { bytes.append(UInt8(length)) }
                bytes += (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &random) }
            }
            feed(bytes, to: decoder)
        }
    }

    @Test("every decoder takes every mutation of a real table's bytes", arguments: Decoder.all)
    func mutatedTable(decoder: Decoder) throws {
        let original = try Samples.table.serializedBytes()
        var random = SeededGenerator(seed: 0xBAD_7AB1E)
        for _ in 0..<150 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = UInt8.random(in: .min ... .max, using: &random)
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: .min ... .max, using: &random), at: index)
                }
            }
            feed(bytes, to: decoder)
            feed(Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random))), to: decoder)
        }
    }
}
