import GRPCCore
import PlanModel
import Testing

@testable import PlanAPI
@testable import PlanProtobuf

@Suite("GRPCCore serializers over protobuf-c")
struct ProtobufSerializationTests {
    @Test("serialize and deserialize through GRPCCore's protocols")
    func roundTrip() throws {
        let serializer = ProtobufSerializer<DeliverableTable>()
        let deserializer = ProtobufDeserializer<DeliverableTable>()
        let bytes: [UInt8] = try serializer.serialize(Samples.table)
        #expect(bytes == (try Samples.table.serializedBytes()))
        #expect(try deserializer.deserialize(bytes) == Samples.table)

        let empty: [UInt8] = try ProtobufSerializer<HealthCheckResponse>().serialize(HealthCheckResponse(status: .unknown))
        #expect(empty.isEmpty)
        #expect(try ProtobufDeserializer<HealthCheckResponse>().deserialize(empty).status == .unknown)
    }

    @Test("bad bytes fail with INVALID_ARGUMENT naming the field (or the chosen code)")
    func deserializeFailure() {
        let bytes = ProtoBytes().string(1, "6.1").varint(4, 9).bytes
        do {
            _ = try ProtobufDeserializer<DeliverableTable>().deserialize(bytes)
            Issue.record("expected an RPCError")
        } catch let error as RPCError {
            #expect(error.code == .invalidArgument)
            #expect(error.message == "cannot decode the message: plan.v1.DeliverableTable.period: 9 is not a known value (0, 1, 2)")
            #expect(error.cause is ProtobufError)
        } catch {
            Issue.record("expected an RPCError, got \(error)")
        }
        #expect(throws: RPCError.self) {
            _ = try ProtobufDeserializer<DeliverableTable>(failureCode: .internalError).deserialize([0xFF] as [UInt8])
        }
        do {
            _ = try ProtobufDeserializer<DeliverableTable>(failureCode: .internalError).deserialize([0xFF] as [UInt8])
        } catch let error as RPCError {
            #expect(error.code == .internalError)
        } catch {
            Issue.record("expected an RPCError, got \(error)")
        }
    }

    @Test("a message that cannot be encoded fails with INTERNAL (or the chosen code)")
    func serializeFailure() {
        var row = Samples.rows[0]
        row.id = "6.1\u{0}r1"
        for code in [RPCError.Code.internalError, .invalidArgument] {
            do {
                let _: [UInt8] = try ProtobufSerializer<DeliverableRow>(failureCode: code).serialize(row)
                Issue.record("expected an RPCError")
            } catch let error as RPCError {
                #expect(error.code == code)
                #expect(error.message.hasPrefix("cannot encode the message: plan.v1.DeliverableRow.id: the string holds a NUL byte"))
            } catch {
                Issue.record("expected an RPCError, got \(error)")
            }
        }
    }
}
