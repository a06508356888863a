import Foundation
import PlanIngest
import PlanModel
import Testing

@Suite("Legislative mandates and the results framework of the embedded document")
struct MandateAndResultTests {
    /// The mandates the programme or part `ownerID` lists.
    private func mandates(of ownerID: String) -> [Mandate] {
        embedded.catalogue.mandates.filter { $0.ownerID == ownerID }.map(\.mandate)
    }

    @Test(
        "whole blocks read entry by entry as the document prints them",
        arguments: ["p4", "p7", "p9", "p18", "p20", "p23", "p25.A"])
    func wholeBlock(owner: String) throws {
        let expected = try #require(expectedMandateBlocks[owner])
        let actual = mandates(of: owner).map(E.init)
        #expect(actual.count == expected.count)
        for (index, (got, want)) in zip(actual, expected).enumerated() {
            #expect(got == want, "\(owner) entry \(index + 1)")
        }
    }

    @Test("every programme and part lists as many mandates as an independent count")
    func counts() throws {
        let expected = try JSONDecoder().decode([String: Int].self, from: fixture("expected-mandate-counts.json"))
        let catalogue = embedded.catalogue
        let owners = catalogue.programmes.flatMap { [$0.id] + $0.parts.map(\.id) }
        for owner in owners {
            #expect(mandates(of: owner).count == expected[owner] ?? 0, "\(owner)")
        }
        #expect(Set(expected.keys).isSubset(of: Set(owners)))
        #expect(catalogue.summary.mandates == expected.values.reduce(0, +))
        #expect(catalogue.units.allSatisfy { $0.mandates.isEmpty })
    }

    @Test("a mandate keeps every line it is printed on")
    func lines() throws {
        let p20 = mandates(of: "p20")
        let violence = try #require(p20.first { $0.symbols == ["62/134"] })
        #expect(violence.line == 4670 && violence.lines == [4660, 4670])
        let agenda = try #require(p20.first { $0.symbols == ["70/1"] })
        #expect(agenda.line == 4667 && agenda.lines == [4666, 4667])
        let planning = try #require(mandates(of: "p25.A").first { $0.title == "方案规划" })
        #expect(planning.lines == Array(5336...5342) && planning.symbols.count == 16)
        let budget = try #require(mandates(of: "p25.E").first { $0.title == "2014-2015 两年期方案预算" })
        #expect(budget.symbols == ["68/248 A-C", "69/263 A-C"] && budget.lines == [6014, 6015])
    }

    @Test("canonical UN document symbols where the issuing body has a rule")
    func canonicalSymbols() throws {
        let all = embedded.catalogue.mandates.map(\.mandate)
        let agenda = try #require(mandates(of: "p20").first { $0.symbols == ["70/1"] })
        #expect(agenda.canonicalSymbols == ["A/RES/70/1"])
        #expect(agenda.hasSymbol("A/RES/70/1") && agenda.hasSymbol("70/1") && !agenda.hasSymbol("70/12"))
        let ecosoc = try #require(mandates(of: "p18").first { $0.symbols == ["2012/30"] })
        #expect(ecosoc.canonicalSymbols == ["E/RES/2012/30"])
        let council = mandates(of: "p23").filter { $0.issuingBody == "安全理事会决议和主席声明" }
        #expect(council.first { $0.symbols == ["2417 (2018)"] }?.canonicalSymbols == ["S/RES/2417 (2018)"])
        #expect(council.first { $0.symbols == ["S/PRST/2013/2"] }?.canonicalSymbols == ["S/PRST/2013/2"])
        #expect(council.allSatisfy { $0.title == nil })
        // Bodies without a rule have no canonical symbol; every General Assembly mandate has one.
        #expect(all.filter { $0.issuingBody == "拉丁美洲和加勒比经济委员会决议" }.allSatisfy { $0.canonicalSymbols.isEmpty })
        #expect(all.filter { $0.issuingBody == "大会决议" }.allSatisfy { $0.canonicalSymbols.count == $0.symbols.count })
    }

    @Test("every performance-measures table, cell by cell")
    func performanceMeasures() throws {
        struct Cell: Decodable { var year: Int, lines: [Int], text: String }
        struct Expected: Decodable { var unit: String, heading_line: Int, caption: String?, title: String, cells: [Cell] }
        let expected = try JSONDecoder().decode([Expected].self, from: fixture("expected-performance.json"))
        let results = embedded.catalogue.plannedResults
        #expect(results.map(\.unitID) == expected.map(\.unit))
        for (result, want) in zip(results, expected) {
            #expect(result.id == want.unit + ".result")
            #expect(result.title == want.title)
            let performance = try #require(result.performance, "\(want.unit)")
            #expect(performance.line == want.heading_line && performance.caption == want.caption)
            #expect(performance.cells.map(\.year) == want.cells.map(\.year), "\(want.unit)")
            for (cell, wantCell) in zip(performance.cells, want.cells) {
                #expect(cell.text == wantCell.text, "\(want.unit) \(cell.year)")
                #expect(cell.lines == wantCell.lines, "\(want.unit) \(cell.year)")
            }
        }
    }

    @Test("a planned result holds its paragraphs, its challenge and its evidence")
    func plannedResult() throws {
        let result = try #require(embedded.catalogue.unit(id: "p6.sp1")?.plannedResult)
        #expect(result.line == 1295 && result.programme == 6)
        #expect(result.paragraphs.map(\.number) == ["6.31"])
        #expect(result.challenge.map(\.number) == ["6.32", "6.33"])
        #expect(result.evidence.map(\.number) == ["6.34", "6.35", "6.36"])
        #expect(result.evidence[1].text.hasPrefix("如下表所示，这项成果如果实现，其证据将包括联合国与会员国签署 149 项"))
    }

    @Test("the narrative keeps its sections without the table text, and the paragraph after the table apart")
    func narrativeWithoutTables() throws {
        for unit in try #require(embedded.catalogue.programme(6)).units where unit.plannedResult != nil {
            let headings = unit.narrative.map(\.heading)
            let measures = try #require(headings.firstIndex { $0.hasPrefix("业绩计量") }, "\(unit.id)")
            #expect(unit.narrative[measures].paragraphs.isEmpty, "\(unit.id)")
            #expect(unit.narrative[measures + 1].heading == "", "\(unit.id)")
            #expect(unit.narrative[measures + 1].paragraphs.count == 1, "\(unit.id)")
            #expect(!unit.narrative.flatMap(\.paragraphs).contains { $0.text.contains("\t") }, "\(unit.id)")
        }
        let sp1 = try #require(embedded.catalogue.unit(id: "p6.sp1"))
        #expect(sp1.narrative.map(\.heading) == ["2020 年重点计划成果", "挑战和对策", "成果和证据", "业绩计量", "", "应交付产出"])
        #expect(sp1.narrative[4].paragraphs.map(\.number) == ["6.37"])
        let office = try #require(embedded.catalogue.unit(id: "p6.o2"))
        #expect(office.narrative.first { $0.heading == "成果和证据" }?.paragraphs.map(\.number) == ["6.120", "6.121"])
    }
}
