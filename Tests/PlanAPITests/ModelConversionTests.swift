import PlanIngest
import PlanModel
import Testing

@testable import PlanAPI

@Suite("PlanModel ⇄ protobuf-c")
struct ModelConversionTests {
    @Test("a number, a dash and a blank are three different things on the wire, zero included")
    func figures() throws {
        // Field 1 (number) varint 0, field 2 (Dash) empty, field 3 (Blank) empty: a oneof sends
        // its value even when it is zero, so presence survives.
        #expect(try Figure.number(0).serializedBytes() == [0x08, 0x00])
        #expect(try Figure.dash.serializedBytes() == [0x12, 0x00])
        #expect(try Figure.blank.serializedBytes() == [0x1A, 0x00])
        for figure in [Figure.number(0), .number(13300), .number(-7), .number(Int.max), .number(Int.min), .dash, .blank] {
            #expect(try roundTrip(figure) == figure)
        }
    }

    @Test("a figure with nothing set is rejected, not read as a blank")
    func unsetFigure() {
        let error = protobufError { _ = try Figure(serializedBytes: []) }
        #expect(error?.description == "plan.v1.Figure: a figure must be a number, a dash or a blank; none is set")
    }

    @Test("a row without a figure message is rejected, naming the column")
    func missingFigure() {
        // A row with planned_2018 (field 8) left out and the other three figures the number 5.
        let row = ProtoBytes()
            .string(1, "6.1.r1").varint(2, 1).string(3, "A").varint(4, 1).string(5, "议事机构文件")
            .message(9, ProtoBytes().varint(1, 5)).message(10, ProtoBytes().varint(1, 5))
            .message(11, ProtoBytes().varint(1, 5))
        let error = protobufError { _ = try DeliverableRow(serializedBytes: row.bytes) }
        #expect(error?.description == "plan.v1.DeliverableRow.planned_2018: the field is required but absent")
    }

    @Test("rows: every figure state, printed texts, unknown measures, footnote markers")
    func rows() throws {
        for row in Samples.rows {
            #expect(try roundTrip(row) == row)
        }
        let decoded = try roundTrip(Samples.rows[1])
        #expect(decoded.printedCategory == "C")
        #expect(decoded.category == .d)
        #expect(decoded.measureText == nil)
    }

    @Test("absent and empty optional strings stay different")
    func presence() throws {
        let absent = Paragraph(number: nil, text: "x", line: 1)
        let empty = Paragraph(number: "", text: "x", line: 1)
        #expect(try absent.serializedBytes() != empty.serializedBytes())
        #expect(try roundTrip(absent).number == nil)
        #expect(try roundTrip(empty).number == "")
        #expect(try roundTrip(Samples.parts[1]).letter == nil)
        #expect(try roundTrip(Samples.parts[2]).letter == "")
        #expect(try roundTrip(Samples.mandates[1]).title == nil)
        #expect(try roundTrip(Samples.mandates[2]).title == "")
        #expect(try roundTrip(Samples.units[2]).partID == nil)
        #expect(try roundTrip(Samples.units[3]).partID == "")
        #expect(try roundTrip(Samples.units[2]).objective == nil)
        #expect(try roundTrip(Samples.units[0]).objective == Samples.objective)
        #expect(try roundTrip(Samples.table).printedLabel == "22.3")
        #expect(try roundTrip(Samples.emptyTable).printedLabel == nil)
    }

    @Test("every catalogue entity round-trips, Chinese text included")
    func entities() throws {
        for mandate in Samples.mandates { #expect(try roundTrip(mandate) == mandate) }
        for paragraph in Samples.narrative.paragraphs { #expect(try roundTrip(paragraph) == paragraph) }
        #expect(try roundTrip(Samples.narrative) == Samples.narrative)
        #expect(try roundTrip(Samples.objective) == Samples.objective)
        for part in Samples.parts { #expect(try roundTrip(part) == part) }
        for unit in Samples.units { #expect(try roundTrip(unit) == unit) }
        #expect(try roundTrip(Samples.programme) == Samples.programme)
        #expect(try roundTrip(Footnote(marker: "b", text: "脚注", line: 3)) == Footnote(marker: "b", text: "脚注", line: 3))
        #expect(try roundTrip(Samples.table) == Samples.table)
        let catalogue = Catalogue(programmes: [Samples.programme], tables: [Samples.table, Samples.emptyTable])
        #expect(try roundTrip(catalogue) == catalogue)
        #expect(try roundTrip(Catalogue()) == Catalogue())
    }

    @Test("a programme's id travels as sent")
    func programmeID() throws {
        var programme = Samples.programme
        programme.id = "p6-renamed"
        #expect(try roundTrip(programme).id == "p6-renamed")
    }

    @Test("every vocabulary value maps to its own protobuf value and back")
    func vocabularies() throws {
        for category in PlanModel.Category.allCases {
            #expect(try PlanModel.Category.required(protobufValue: category.protobufValue, field: "c") == category)
        }
        #expect(Set(PlanModel.Category.allCases.map(\.protobufValue.rawValue)) == [1, 2, 3, 4, 5])
        for measure in Measure.allCases {
            #expect(try Measure.from(protobufValue: measure.protobufValue, field: "m") == measure)
        }
        #expect(Set(Measure.allCases.map(\.protobufValue.rawValue)) == Set(1...7))
        #expect(try Measure.from(protobufValue: Measure.protobufValue(nil), field: "m") == nil)
        for kind in PlanModel.Unit.Kind.allCases {
            #expect(try PlanModel.Unit.Kind.required(protobufValue: kind.protobufValue, field: "k") == kind)
        }
        for period in [TablePeriod.years2018to2020, .year2020] {
            #expect(try TablePeriod.required(protobufValue: period.protobufValue, field: "p") == period)
        }
    }

    @Test("an unknown or unset enum value is rejected, naming the field")
    func unknownEnums() throws {
        let row = ProtoBytes().string(1, "6.1.r1").varint(2, 9)
        #expect(
            protobufError { _ = try DeliverableRow(serializedBytes: row.bytes) }?.description
                == "plan.v1.DeliverableRow.category: 9 is not a known value (0, 1, 2, 3, 4, 5)")
        let unset = ProtoBytes().string(1, "6.1.r1")
        #expect(
            protobufError { _ = try DeliverableRow(serializedBytes: unset.bytes) }?.description
                == "plan.v1.DeliverableRow.category: the field is required but absent")
        let table = ProtoBytes().string(1, "6.1").varint(4, 3)
        #expect(
            protobufError { _ = try DeliverableTable(serializedBytes: table.bytes) }?.description
                == "plan.v1.DeliverableTable.period: 3 is not a known value (0, 1, 2)")
    }

    @Test("an empty table round-trips")
    func emptyTable() throws {
        #expect(try roundTrip(Samples.emptyTable) == Samples.emptyTable)
    }

    @Test("a table of 100,000 rows round-trips")
    func largeTable() throws {
        var table = Samples.table
        table.rows = (0..<100_000).map { index in
            var row = Samples.rows[index % Samples.rows.count]
            row.id = "6.1.r\(index + 1)"
            row.planned2020 = index % 7 == 0 ? .dash : index % 11 == 0 ? .blank : .number(index)
            row.line = index + 1
            return row
        }
        let bytes = try table.serializedBytes()
        #expect(bytes.count > 5_000_000)
        let decoded = try DeliverableTable(serializedBytes: bytes)
        #expect(decoded.rows.count == 100_000)
        #expect(decoded == table)
    }

    @Test("the whole embedded catalogue round-trips equal")
    func embeddedCatalogue() throws {
        let catalogue = try DocumentReader().readEmbedded().catalogue
        #expect(catalogue.tables.count == 141)
        let decoded = try roundTrip(catalogue)
        #expect(decoded == catalogue)
        for programme in catalogue.programmes { #expect(try roundTrip(programme) == programme) }
        for table in catalogue.tables { #expect(try roundTrip(table) == table) }
    }
}
