import GRPCCore
import PlanCatalogue
import PlanModel
import PlanAPI
import Testing

@Suite("Catalogue lists and lookups, in memory")
struct ListMethodTests {
    @Test func programme25sUnitsAreTheCataloguesAndComeInDocumentOrder() throws {
        let expected = catalogue.programme(25)!.units.map(\.id)
        let units = try walk(pageSize: 7) { size, token throws(RPCError) in
            let page = try service.listUnits(ListUnitsRequest(programmeID: "p25", pageSize: size, pageToken: token))
            return (page.units, page.nextPageToken)
        }
        #expect(!expected.isEmpty)
        #expect(units.map(\.id) == expected)
    }

    @Test func unitFiltersCombine() throws {
        let part = try #require(catalogue.programme(25)!.parts.first(where: { $0.letter == "A" }))
        let expected = catalogue.units.filter { $0.partID == part.id && $0.kind == .subprogramme }.map(\.id)
        let page = try service.listUnits(ListUnitsRequest(partID: part.id, kind: .subprogramme, pageSize: 100))
        #expect(!expected.isEmpty)
        #expect(page.units.map(\.id) == expected)
        let components = try service.listUnits(ListUnitsRequest(kind: .component, pageSize: 100))
        #expect(components.units.allSatisfy { $0.kind == .component })
    }

    @Test func paginationWalksEveryUnitExactlyOnce() throws {
        let units = try walk(pageSize: 13) { size, token throws(RPCError) in
            let page = try service.listUnits(ListUnitsRequest(pageSize: size, pageToken: token))
            return (page.units, page.nextPageToken)
        }
        #expect(units.map(\.id) == catalogue.units.map(\.id))
        #expect(Set(units.map(\.id)).count == units.count)
    }

    @Test func pageSizeDefaultsToTenAndIsCappedAtOneHundred() throws {
        #expect(try service.listUnits(ListUnitsRequest()).units.count == 10)
        #expect(try service.listUnits(ListUnitsRequest(pageSize: 1000)).units.count == 100)
        #expect(try service.listMandates(ListMandatesRequest(pageSize: 1000)).mandates.count == 100)
    }

    @Test func objectivesAgreeWithTheCatalogue() throws {
        let objectives = try walk(pageSize: 100) { size, token throws(RPCError) in
            let page = try service.listObjectives(ListObjectivesRequest(pageSize: size, pageToken: token))
            return (page.objectives, page.nextPageToken)
        }
        #expect(objectives.count == catalogue.summary.objectives)
        let sixth = try service.listObjectives(ListObjectivesRequest(programmeID: "p6", pageSize: 100))
        #expect(sixth.objectives.map(\.objective.id) == catalogue.programme(6)!.units.compactMap(\.objective?.id))
        #expect(sixth.objectives.allSatisfy { $0.programme == 6 })
    }

    @Test func mandatesAgreeWithTheCatalogue() throws {
        let all = try walk(pageSize: 100) { size, token throws(RPCError) in
            let page = try service.listMandates(ListMandatesRequest(pageSize: size, pageToken: token))
            return (page.mandates, page.nextPageToken)
        }
        #expect(all.count == catalogue.summary.mandates)
        #expect(Set(all.map(\.mandate.id)).count == all.count)

        let body = "安全理事会决议"
        let security = try walk(pageSize: 100) { size, token throws(RPCError) in
            let page = try service.listMandates(ListMandatesRequest(issuingBody: body, pageSize: size, pageToken: token))
            return (page.mandates, page.nextPageToken)
        }
        #expect(!security.isEmpty)
        #expect(security.map(\.mandate.id) == all.filter { $0.mandate.issuingBody == body }.map(\.mandate.id))

        let symbol = try #require(security.first?.mandate.symbols.first)
        let bySymbol = try service.listMandates(ListMandatesRequest(symbol: symbol, pageSize: 100))
        #expect(bySymbol.mandates.contains { $0.mandate.id == security.first?.mandate.id })
        #expect(bySymbol.mandates.allSatisfy { $0.mandate.symbols.contains(symbol) })

        let sixth = try service.listMandates(ListMandatesRequest(programmeID: "p6", pageSize: 100))
        #expect(sixth.mandates.count == all.filter { $0.programme == 6 }.count)
    }

    @Test func tablesFilterByProgrammeUnitAndPeriod() throws {
        let all = try walk(pageSize: 100) { size, token throws(RPCError) in
            let page = try service.listTables(ListTablesRequest(pageSize: size, pageToken: token))
            return (page.tables, page.nextPageToken)
        }
        #expect(all.map(\.id) == catalogue.tables.map(\.id))
        let only2020 = try service.listTables(ListTablesRequest(period: .year2020, view: .basic, pageSize: 100))
        #expect(only2020.tables.count == catalogue.summary.tables2020)
        #expect(only2020.tables.allSatisfy { $0.rows.isEmpty && $0.footnotes.isEmpty })
        let table = try #require(catalogue.tables.first { $0.id.hasPrefix("6.") })
        let ofUnit = try service.listTables(ListTablesRequest(programmeID: "p6", unitID: table.unitID, pageSize: 100))
        #expect(ofUnit.tables.map(\.id) == catalogue.tables.filter { $0.unitID == table.unitID }.map(\.id))
        #expect(ofUnit.tables.first == table)
    }

    @Test func basicViewLeavesProgrammesBare() throws {
        let basic = try service.getProgramme(GetProgrammeRequest(programmeID: "p6", view: .basic))
        #expect(basic.units.isEmpty && basic.parts.isEmpty && basic.mandates.isEmpty && basic.narrative.isEmpty)
        #expect(basic.title == catalogue.programme(6)!.title)
        #expect(try service.getProgramme(GetProgrammeRequest(programmeID: "p6")) == catalogue.programme(6)!)
    }

    @Test func getUnitFindsEveryUnit() throws {
        for unit in catalogue.units.prefix(50) {
            #expect(try service.getUnit(GetUnitRequest(unitID: unit.id)) == unit)
        }
    }

    @Test func unknownIDsAreNotFoundAndNamed() {
        expectRPCError(.notFound, naming: "p4.sp99") { () throws(RPCError) in try service.getUnit(GetUnitRequest(unitID: "p4.sp99")) }
        expectRPCError(.notFound, naming: "p99") { () throws(RPCError) in try service.getProgramme(GetProgrammeRequest(programmeID: "p99")) }
        expectRPCError(.notFound, naming: "99.9") { () throws(RPCError) in try service.getTable(GetTableRequest(tableID: "99.9")) }
        expectRPCError(.notFound, naming: "p99") { () throws(RPCError) in try service.listUnits(ListUnitsRequest(programmeID: "p99")) }
        expectRPCError(.notFound, naming: "p25.Z") { () throws(RPCError) in try service.listObjectives(ListObjectivesRequest(partID: "p25.Z")) }
        expectRPCError(.notFound, naming: "p6.sp99") { () throws(RPCError) in try service.listTables(ListTablesRequest(unitID: "p6.sp99")) }
    }

    @Test func badPageSizesAndTokensAreInvalidArguments() throws {
        expectRPCError(.invalidArgument, naming: "page_size") { () throws(RPCError) in try service.listUnits(ListUnitsRequest(pageSize: -1)) }
        expectRPCError(.invalidArgument, naming: "page_token") { () throws(RPCError) in try service.listUnits(ListUnitsRequest(pageToken: "10")) }
        expectRPCError(.invalidArgument, naming: "page_token") { () throws(RPCError) in try service.listMandates(ListMandatesRequest(pageToken: "!!not a token")) }
        // A token is only good with the filters it was given out for.
        let token = try service.listUnits(ListUnitsRequest(programmeID: "p25")).nextPageToken
        #expect(!token.isEmpty)
        expectRPCError(.invalidArgument, naming: "page_token") { () throws(RPCError) in try service.listUnits(ListUnitsRequest(programmeID: "p6", pageToken: token)) }
        expectRPCError(.invalidArgument, naming: "page_token") { () throws(RPCError) in try service.listTables(ListTablesRequest(pageToken: token)) }
    }

    @Test func plannedResultsListByProgrammeAndUnitAndGetByID() throws {
        let all = try service.listResults(ListResultsRequest(pageSize: 100))
        #expect(all.results == catalogue.plannedResults)
        #expect(all.results.count == 8 && all.nextPageToken.isEmpty)
        let paged = try walk(pageSize: 3) { size, token throws(RPCError) in
            let page = try service.listResults(ListResultsRequest(programmeID: "6", pageSize: size, pageToken: token))
            return (page.results, page.nextPageToken)
        }
        #expect(paged.map(\.id) == all.results.map(\.id))
        #expect(try service.listResults(ListResultsRequest(programmeID: "p7", pageSize: 100)).results.isEmpty)
        let one = try service.listResults(ListResultsRequest(unitID: "p6.sp4", pageSize: 100))
        #expect(one.results.map(\.id) == ["p6.sp4.result"])
        let result = try service.getResult(GetResultRequest(resultID: "p6.sp4.result"))
        #expect(result.title == "通过开展第二次世界海洋评估加强科学与政策的衔接")
        #expect(result.performance?.cell(2019)?.text == "编写第二次世界海洋评估报告中的有关章节并对其进行同行审议")
        expectRPCError(.notFound, naming: "p6.sp9.result") { () throws(RPCError) in
            try service.getResult(GetResultRequest(resultID: "p6.sp9.result"))
        }
        expectRPCError(.notFound, naming: "p6.sp99") { () throws(RPCError) in
            try service.listResults(ListResultsRequest(unitID: "p6.sp99"))
        }
    }

    @Test func mandatesFilterBySymbolAsPrintedOrCanonical() throws {
        let printed = try service.listMandates(ListMandatesRequest(symbol: "70/1", pageSize: 100)).mandates
        let canonical = try service.listMandates(ListMandatesRequest(symbol: "A/RES/70/1", pageSize: 100)).mandates
        #expect(!printed.isEmpty && printed == canonical)
        #expect(printed.allSatisfy { $0.mandate.symbols == ["70/1"] && $0.mandate.canonicalSymbols == ["A/RES/70/1"] })
        let p20 = try #require(printed.first { $0.programme == 20 })
        #expect(p20.mandate.title == "《变革我们的世界：2030 年可持续发展议程》")
        let council = try service.listMandates(ListMandatesRequest(symbol: "S/RES/2417 (2018)", pageSize: 100)).mandates
        #expect(council.map(\.mandate.symbols) == [["2417 (2018)"]])
        #expect(try service.listMandates(ListMandatesRequest(symbol: "A/RES/70/12", pageSize: 100)).mandates.isEmpty)
    }

    @Test func mandatesOfABlockComeInReadingOrder() throws {
        let p20 = try service.listMandates(ListMandatesRequest(programmeID: "p20", pageSize: 100)).mandates
        #expect(p20.map(\.mandate.id) == catalogue.programme(20)!.mandates.map(\.id))
    }
}
