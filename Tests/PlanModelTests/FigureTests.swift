import Foundation
import PlanModel
import Testing

@Suite("Figure: a number, a dash or a blank")
struct FigureTests {
    @Test("a dash counts as 0, a blank is not reported, a zero is a number")
    func threeStates() {
        #expect(Figure.dash.countedValue == 0 && Figure.dash.isReported)
        #expect(Figure.blank.countedValue == nil && !Figure.blank.isReported)
        #expect(Figure.number(0).countedValue == 0 && Figure.number(0) != .dash)
        #expect([Figure.number(0), .dash, .blank].map(\.printed) == ["0", "—", ""])
    }

    @Test("JSON keeps the three states apart: 0, \"—\" and null")
    func codable() throws {
        let figures: [Figure] = [.number(0), .dash, .blank, .number(13300)]
        let data = try JSONEncoder().encode(figures)
        #expect(String(decoding: data, as: UTF8.self) == "[0,\"—\",null,13300]")
        #expect(try JSONDecoder().decode([Figure].self, from: data) == figures)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Figure].self, from: Data("[\"-1x\"]".utf8)) }
    }
}

@Suite("Vocabularies")
struct VocabularyTests {
    @Test("measure spellings map to one measure with Chinese and English labels")
    func measures() {
        #expect(Measure(printed: "文件数目") == .documents)
        #expect(Measure(printed: "文件数量") == .documents)
        #expect(Measure(printed: "文件数") == .documents)
        #expect(Measure(printed: "材料数量") == .materials)
        #expect(Measure(printed: "项目数") == .projects)
        #expect(Measure(printed: "三小时会议次数") == .threeHourMeetings)
        #expect(Measure(printed: "千字") == .thousandsOfWords)
        #expect(Measure(printed: "会议") == nil)
        #expect(Set(Measure.allCases.map(\.code)).count == Measure.allCases.count)
        #expect(Measure.allCases.allSatisfy { !$0.englishLabel.isEmpty && $0.spellings.contains($0.chineseLabel) })
    }

    @Test("categories A–E carry their Chinese names and English labels; A and B are quantified")
    func categories() {
        #expect(Category.allCases.map(\.letter) == ["A", "B", "C", "D", "E"])
        #expect(Category.d.chineseName == "信息传播方面的应交付产出")
        #expect(Category.e.englishLabel == "Enabling deliverables")
        #expect(Category.allCases.filter(\.isQuantified) == [.a, .b])
    }
}

@Suite("Exports")
struct ExportTests {
    private func record(_ row: DeliverableRow) -> DeliverableRecord {
        DeliverableRecord(
            programme: 1, part: nil, unitID: "p1.sp1", unitTitle: "单元, 一", table: nil, tableID: "1.1",
            period: .years2018to2020, category: "A", quantified: true, subcategory: "议事机构文件",
            measure: "文件数量", measureCode: "documents", row: row,
            footnotes: [Footnote(marker: "a", text: "注释", line: 9)])
    }

    private let row = DeliverableRow(
        id: "1.1.r1", category: .a, quantified: true, subcategory: "议事机构文件", measureText: "文件数量",
        measure: .documents, planned2018: .dash, actual2018: .number(0), planned2019: .blank,
        planned2020: .number(13300), footnoteMarkers: ["a"], line: 7)

    @Test("JSON: a dash is 0 and named in dashes, a blank is null, keys in export order")
    func json() throws {
        let text = try DeliverableRecord.json([record(row)])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]).first!
        #expect(object["planned_2018"] as? Int == 0)
        #expect(object["actual_2018"] as? Int == 0)
        #expect(object["planned_2019"] is NSNull)
        #expect(object["planned_2020"] as? Int == 13300)
        #expect(object["dashes"] as? [String] == ["planned_2018"])
        #expect(object["table"] is NSNull)
        #expect(Set(object.keys) == Set(DeliverableRecord.fieldNames))
        let keyOrder = DeliverableRecord.fieldNames.map { text.range(of: "\"\($0)\":")!.lowerBound }
        #expect(keyOrder == keyOrder.sorted())
    }

    @Test("CSV: — for a dash, an empty cell for blank, quoting where needed")
    func csv() {
        let text = CSV.text(header: DeliverableRecord.fieldNames, rows: [record(row).csvCells])
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == DeliverableRecord.fieldNames.joined(separator: ","))
        #expect(lines[1] == "1,,p1.sp1,\"单元, 一\",,1.1,2018-2020,A,true,议事机构文件,文件数量,documents,—,0,,13300,planned_2018,a: 注释,7")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    }
}
