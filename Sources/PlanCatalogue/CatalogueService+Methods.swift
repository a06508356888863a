import GRPCCore
import PlanModel
import PlanAPI

// The methods of plan.v1.Catalogue as plain functions, testable without sockets. Each either
// returns its response or throws the RPCError the call ends with.
extension CatalogueService {
    /// One page of programmes, in document order.
    public func listProgrammes(_ request: ListProgrammesRequest) throws(RPCError) -> ListProgrammesResponse {
        let page = try pagination.page(
            of: index.catalogue.programmes, pageSize: request.pageSize, pageToken: request.pageToken,
            filters: "programmes")
        return ListProgrammesResponse(
            programmes: page.items.map { $0.shown(as: request.view) }, nextPageToken: page.nextPageToken)
    }

    /// One programme; NOT_FOUND naming the id if there is none.
    public func getProgramme(_ request: GetProgrammeRequest) throws(RPCError) -> Programme {
        try index.programme(id: request.programmeID).shown(as: request.view)
    }

    /// One page of units, filtered by programme, part and kind.
    public func listUnits(_ request: ListUnitsRequest) throws(RPCError) -> ListUnitsResponse {
        let programme = try request.programmeID.isEmpty ? nil : index.programme(id: request.programmeID).number
        let part = try request.partID.isEmpty ? nil : index.part(id: request.partID).id
        let units = index.units.filter { unit in
            (programme.map { unit.programme == $0 } ?? true) && (part.map { unit.partID == $0 } ?? true)
                && (request.kind.map { unit.kind == $0 } ?? true)
        }
        let page = try pagination.page(
            of: units, pageSize: request.pageSize, pageToken: request.pageToken,
            filters: "units|\(programme ?? 0)|\(part ?? "")|\(request.kind?.rawValue ?? "")")
        return ListUnitsResponse(units: page.items, nextPageToken: page.nextPageToken)
    }

    /// One unit; NOT_FOUND naming the id if there is none.
    public func getUnit(_ request: GetUnitRequest) throws(RPCError) -> PlanModel.Unit {
        try index.unit(id: request.unitID)
    }

    /// One page of objectives, filtered by programme and part.
    public func listObjectives(_ request: ListObjectivesRequest) throws(RPCError) -> ListObjectivesResponse {
        let programme = try request.programmeID.isEmpty ? nil : index.programme(id: request.programmeID).number
        let part = try request.partID.isEmpty ? nil : index.part(id: request.partID).id
        let objectives = index.objectives.filter { entry in
            (programme.map { entry.programme == $0 } ?? true)
                && (part.map { part in (try? index.unit(id: entry.unitID).partID) == part } ?? true)
        }
        let page = try pagination.page(
            of: objectives, pageSize: request.pageSize, pageToken: request.pageToken,
            filters: "objectives|\(programme ?? 0)|\(part ?? "")")
        return ListObjectivesResponse(objectives: page.items, nextPageToken: page.nextPageToken)
    }

    /// One page of mandates, filtered by programme, issuing body (exactly as printed) and symbol
    /// (as printed, `70/1`, or canonical, `A/RES/70/1`; spaces and case aside).
    public func listMandates(_ request: ListMandatesRequest) throws(RPCError) -> ListMandatesResponse {
        let programme = try request.programmeID.isEmpty ? nil : index.programme(id: request.programmeID).number
        let mandates = index.mandates.filter { entry in
            (programme.map { entry.programme == $0 } ?? true)
                && (request.issuingBody.isEmpty || entry.mandate.issuingBody == request.issuingBody)
                && (request.symbol.isEmpty || entry.mandate.hasSymbol(request.symbol))
        }
        let page = try pagination.page(
            of: mandates, pageSize: request.pageSize, pageToken: request.pageToken,
            filters: "mandates|\(programme ?? 0)|\(request.issuingBody)|\(request.symbol)")
        return ListMandatesResponse(mandates: page.items, nextPageToken: page.nextPageToken)
    }

    /// One page of planned results, filtered by programme and unit.
    public func listResults(_ request: ListResultsRequest) throws(RPCError) -> ListResultsResponse {
        let programme = try request.programmeID.isEmpty ? nil : index.programme(id: request.programmeID).number
        let unit = try request.unitID.isEmpty ? nil : index.unit(id: request.unitID).id
        let results = index.results.filter { result in
            (programme.map { result.programme == $0 } ?? true) && (unit.map { result.unitID == $0 } ?? true)
        }
        let page = try pagination.page(
            of: results, pageSize: request.pageSize, pageToken: request.pageToken,
            filters: "results|\(programme ?? 0)|\(unit ?? "")")
        return ListResultsResponse(results: page.items, nextPageToken: page.nextPageToken)
    }

    /// One planned result; NOT_FOUND naming the id if there is none.
    public func getResult(_ request: GetResultRequest) throws(RPCError) -> PlannedResult {
        try index.result(id: request.resultID)
    }

    /// One page of tables, filtered by programme, unit and period.
    public func listTables(_ request: ListTablesRequest) throws(RPCError) -> ListTablesResponse {
        let programme = try request.programmeID.isEmpty ? nil : index.programme(id: request.programmeID).number
        let unit = try request.unitID.isEmpty ? nil : index.unit(id: request.unitID).id
        let tables = index.catalogue.tables.filter { table in
            (programme.map { index.programmeNumber(of: table) == $0 } ?? true) && (unit.map { table.unitID == $0 } ?? true)
                && (request.period.map { table.period == $0 } ?? true)
        }
        let page = try pagination.page(
            of: tables, pageSize: request.pageSize, pageToken: request.pageToken,
            filters: "tables|\(programme ?? 0)|\(unit ?? "")|\(request.period?.rawValue ?? "")")
        return ListTablesResponse(
            tables: page.items.map { $0.shown(as: request.view) }, nextPageToken: page.nextPageToken)
    }

    /// One table with its rows and footnotes; NOT_FOUND naming the id if there is none.
    public func getTable(_ request: GetTableRequest) throws(RPCError) -> DeliverableTable {
        try index.table(id: request.tableID)
    }

    /// One page of search hits, best first; INVALID_ARGUMENT naming `query` if it is blank.
    public func search(_ request: SearchRequest) throws(RPCError) -> SearchResponse {
        guard !SearchIndex.terms(of: request.query).isEmpty else {
            throw RPCError(code: .invalidArgument, message: "query must not be empty")
        }
        let programme = try request.programmeID.isEmpty ? nil : index.programme(id: request.programmeID).number
        let scopes = Set(request.scopes)
        let matches = searchIndex.matches(for: request.query, programme: programme, scopes: scopes)
        let scopeNames = SearchScope.allCases.filter(scopes.contains).map { "\($0)" }.joined(separator: ",")
        let page = try pagination.page(
            of: matches, pageSize: request.pageSize, pageToken: request.pageToken,
            filters: "search|\(request.query)|\(programme ?? 0)|\(scopeNames)")
        return SearchResponse(
            hits: page.items.map(searchIndex.hit(for:)), nextPageToken: page.nextPageToken, totalHits: matches.count)
    }
}
