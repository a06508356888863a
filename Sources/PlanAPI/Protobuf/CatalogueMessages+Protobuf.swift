import CPlanProto
import PlanProtobuf
import PlanModel

// The protobuf encoding of the plan.v1.Catalogue requests and responses.

extension CatalogueView {
    /// The protobuf enum value.
    var protobufValue: Plan__View {
        switch self {
        case .basic: PLAN__VIEW__VIEW_BASIC
        case .full: PLAN__VIEW__VIEW_FULL
        }
    }

    /// The view of a protobuf value: VIEW_UNSPECIFIED is the server's default, full.
    init(protobufValue value: Plan__View, field: String) throws {
        switch value {
        case PLAN__VIEW__VIEW_UNSPECIFIED, PLAN__VIEW__VIEW_FULL: self = .full
        case PLAN__VIEW__VIEW_BASIC: self = .basic
        default: throw ProtobufError(.invalidValue("\(value.rawValue) is not a view (0 … 2)"), field: field)
        }
    }
}

extension SearchScope: ProtobufEnum {
    package var protobufValue: Plan__SearchScope {
        switch self {
        case .programme: PLAN__SEARCH_SCOPE__SEARCH_SCOPE_PROGRAMME
        case .part: PLAN__SEARCH_SCOPE__SEARCH_SCOPE_PART
        case .unit: PLAN__SEARCH_SCOPE__SEARCH_SCOPE_UNIT
        case .objective: PLAN__SEARCH_SCOPE__SEARCH_SCOPE_OBJECTIVE
        case .mandate: PLAN__SEARCH_SCOPE__SEARCH_SCOPE_MANDATE
        case .narrative: PLAN__SEARCH_SCOPE__SEARCH_SCOPE_NARRATIVE
        case .table: PLAN__SEARCH_SCOPE__SEARCH_SCOPE_TABLE
        case .row: PLAN__SEARCH_SCOPE__SEARCH_SCOPE_ROW
        case .footnote: PLAN__SEARCH_SCOPE__SEARCH_SCOPE_FOOTNOTE
        case .result: PLAN__SEARCH_SCOPE__SEARCH_SCOPE_RESULT
        }
    }
}

extension ListProgrammesRequest: ProtobufCodable {
    package func encode(into message: inout Plan__ListProgrammesRequest, arena: ProtobufArena) throws {
        message.page_size = try fitting(pageSize, field: "page_size")
        message.page_token = try arena.cString(pageToken, field: "page_token")
        message.view = view.protobufValue
    }

    package init(decoding message: Plan__ListProgrammesRequest) throws {
        self.init(
            pageSize: Int(message.page_size),
            pageToken: try Unpacked.string(message.page_token, field: "page_token"),
            view: try CatalogueView(protobufValue: message.view, field: "view"))
    }
}

extension ListProgrammesResponse: ProtobufCodable {
    package func encode(into message: inout Plan__ListProgrammesResponse, arena: ProtobufArena) throws {
        message.n_programmes = programmes.count
        message.programmes = try arena.encode(programmes, field: "programmes")
        message.next_page_token = try arena.cString(nextPageToken, field: "next_page_token")
    }

    package init(decoding message: Plan__ListProgrammesResponse) throws {
        self.init(
            programmes: try Unpacked.messages(message.n_programmes, message.programmes, field: "programmes"),
            nextPageToken: try Unpacked.string(message.next_page_token, field: "next_page_token"))
    }
}

extension GetProgrammeRequest: ProtobufCodable {
    package func encode(into message: inout Plan__GetProgrammeRequest, arena: ProtobufArena) throws {
        message.programme_id = try arena.cString(programmeID, field: "programme_id")
        message.view = view.protobufValue
    }

    package init(decoding message: Plan__GetProgrammeRequest) throws {
        self.init(
            programmeID: try Unpacked.string(message.programme_id, field: "programme_id"),
            view: try CatalogueView(protobufValue: message.view, field: "view"))
    }
}

extension ListUnitsRequest: ProtobufCodable {
    package func encode(into message: inout Plan__ListUnitsRequest, arena: ProtobufArena) throws {
        message.programme_id = try arena.cString(programmeID, field: "programme_id")
        message.part_id = try arena.cString(partID, field: "part_id")
        message.kind = PlanModel.Unit.Kind.protobufValue(kind)
        message.page_size = try fitting(pageSize, field: "page_size")
        message.page_token = try arena.cString(pageToken, field: "page_token")
    }

    package init(decoding message: Plan__ListUnitsRequest) throws {
        self.init(
            programmeID: try Unpacked.string(message.programme_id, field: "programme_id"),
            partID: try Unpacked.string(message.part_id, field: "part_id"),
            kind: try PlanModel.Unit.Kind.from(protobufValue: message.kind, field: "kind"),
            pageSize: Int(message.page_size),
            pageToken: try Unpacked.string(message.page_token, field: "page_token"))
    }
}

extension ListUnitsResponse: ProtobufCodable {
    package func encode(into message: inout Plan__ListUnitsResponse, arena: ProtobufArena) throws {
        message.n_units = units.count
        message.units = try arena.encode(units, field: "units")
        message.next_page_token = try arena.cString(nextPageToken, field: "next_page_token")
    }

    package init(decoding message: Plan__ListUnitsResponse) throws {
        self.init(
            units: try Unpacked.messages(message.n_units, message.units, field: "units"),
            nextPageToken: try Unpacked.string(message.next_page_token, field: "next_page_token"))
    }
}

extension GetUnitRequest: ProtobufCodable {
    package func encode(into message: inout Plan__GetUnitRequest, arena: ProtobufArena) throws {
        message.unit_id = try arena.cString(unitID, field: "unit_id")
    }

    package init(decoding message: Plan__GetUnitRequest) throws {
        self.init(unitID: try Unpacked.string(message.unit_id, field: "unit_id"))
    }
}

extension ListObjectivesRequest: ProtobufCodable {
    package func encode(into message: inout Plan__ListObjectivesRequest, arena: ProtobufArena) throws {
        message.programme_id = try arena.cString(programmeID, field: "programme_id")
        message.part_id = try arena.cString(partID, field: "part_id")
        message.page_size = try fitting(pageSize, field: "page_size")
        message.page_token = try arena.cString(pageToken, field: "page_token")
    }

    package init(decoding message: Plan__ListObjectivesRequest) throws {
        self.init(
            programmeID: try Unpacked.string(message.programme_id, field: "programme_id"),
            partID: try Unpacked.string(message.part_id, field: "part_id"),
            pageSize: Int(message.page_size),
            pageToken: try Unpacked.string(message.page_token, field: "page_token"))
    }
}

extension ObjectiveEntry: ProtobufCodable {
    package func encode(into message: inout Plan__ObjectiveEntry, arena: ProtobufArena) throws {
        message.unit_id = try arena.cString(unitID, field: "unit_id")
        message.unit_title = try arena.cString(unitTitle, field: "unit_title")
        message.programme = try fitting(programme, field: "programme")
        message.objective = try arena.encode(objective, field: "objective")
    }

    package init(decoding message: Plan__ObjectiveEntry) throws {
        self.init(
            unitID: try Unpacked.string(message.unit_id, field: "unit_id"),
            unitTitle: try Unpacked.string(message.unit_title, field: "unit_title"),
            programme: Int(message.programme),
            objective: try Unpacked.message(message.objective, field: "objective"))
    }
}

extension ListObjectivesResponse: ProtobufCodable {
    package func encode(into message: inout Plan__ListObjectivesResponse, arena: ProtobufArena) throws {
        message.n_objectives = objectives.count
        message.objectives = try arena.encode(objectives, field: "objectives")
        message.next_page_token = try arena.cString(nextPageToken, field: "next_page_token")
    }

    package init(decoding message: Plan__ListObjectivesResponse) throws {
        self.init(
            objectives: try Unpacked.messages(message.n_objectives, message.objectives, field: "objectives"),
            nextPageToken: try Unpacked.string(message.next_page_token, field: "next_page_token"))
    }
}

extension ListResultsRequest: ProtobufCodable {
    package func encode(into message: inout Plan__ListResultsRequest, arena: ProtobufArena) throws {
        message.programme_id = try arena.cString(programmeID, field: "programme_id")
        message.unit_id = try arena.cString(unitID, field: "unit_id")
        message.page_size = try fitting(pageSize, field: "page_size")
        message.page_token = try arena.cString(pageToken, field: "page_token")
    }

    package init(decoding message: Plan__ListResultsRequest) throws {
        self.init(
            programmeID: try Unpacked.string(message.programme_id, field: "programme_id"),
            unitID: try Unpacked.string(message.unit_id, field: "unit_id"),
            pageSize: Int(message.page_size),
            pageToken: try Unpacked.string(message.page_token, field: "page_token"))
    }
}

extension ListResultsResponse: ProtobufCodable {
    package func encode(into message: inout Plan__ListResultsResponse, arena: ProtobufArena) throws {
        message.n_results = results.count
        message.results = try arena.encode(results, field: "results")
        message.next_page_token = try arena.cString(nextPageToken, field: "next_page_token")
    }

    package init(decoding message: Plan__ListResultsResponse) throws {
        self.init(
            results: try Unpacked.messages(message.n_results, message.results, field: "results"),
            nextPageToken: try Unpacked.string(message.next_page_token, field: "next_page_token"))
    }
}

extension GetResultRequest: ProtobufCodable {
    package func encode(into message: inout Plan__GetResultRequest, arena: ProtobufArena) throws {
        message.result_id = try arena.cString(resultID, field: "result_id")
    }

    package init(decoding message: Plan__GetResultRequest) throws {
        self.init(resultID: try Unpacked.string(message.result_id, field: "result_id"))
    }
}

extension ListMandatesRequest: ProtobufCodable {
    package func encode(into message: inout Plan__ListMandatesRequest, arena: ProtobufArena) throws {
        message.programme_id = try arena.cString(programmeID, field: "programme_id")
        message.issuing_body = try arena.cString(issuingBody, field: "issuing_body")
        message.symbol = try arena.cString(symbol, field: "symbol")
        message.page_size = try fitting(pageSize, field: "page_size")
        message.page_token = try arena.cString(pageToken, field: "page_token")
    }

    package init(decoding message: Plan__ListMandatesRequest) throws {
        self.init(
            programmeID: try Unpacked.string(message.programme_id, field: "programme_id"),
            issuingBody: try Unpacked.string(message.issuing_body, field: "issuing_body"),
            symbol: try Unpacked.string(message.symbol, field: "symbol"),
            pageSize: Int(message.page_size),
            pageToken: try Unpacked.string(message.page_token, field: "page_token"))
    }
}

extension MandateEntry: ProtobufCodable {
    package func encode(into message: inout Plan__MandateEntry, arena: ProtobufArena) throws {
        message.owner_id = try arena.cString(ownerID, field: "owner_id")
        message.programme = try fitting(programme, field: "programme")
        message.mandate = try arena.encode(mandate, field: "mandate")
    }

    package init(decoding message: Plan__MandateEntry) throws {
        self.init(
            ownerID: try Unpacked.string(message.owner_id, field: "owner_id"),
            programme: Int(message.programme),
            mandate: try Unpacked.message(message.mandate, field: "mandate"))
    }
}

extension ListMandatesResponse: ProtobufCodable {
    package func encode(into message: inout Plan__ListMandatesResponse, arena: ProtobufArena) throws {
        message.n_mandates = mandates.count
        message.mandates = try arena.encode(mandates, field: "mandates")
        message.next_page_token = try arena.cString(nextPageToken, field: "next_page_token")
    }

    package init(decoding message: Plan__ListMandatesResponse) throws {
        self.init(
            mandates: try Unpacked.messages(message.n_mandates, message.mandates, field: "mandates"),
            nextPageToken: try Unpacked.string(message.next_page_token, field: "next_page_token"))
    }
}

extension ListTablesRequest: ProtobufCodable {
    package func encode(into message: inout Plan__ListTablesRequest, arena: ProtobufArena) throws {
        message.programme_id = try arena.cString(programmeID, field: "programme_id")
        message.unit_id = try arena.cString(unitID, field: "unit_id")
        message.period = TablePeriod.protobufValue(period)
        message.view = view.protobufValue
        message.page_size = try fitting(pageSize, field: "page_size")
        message.page_token = try arena.cString(pageToken, field: "page_token")
    }

    package init(decoding message: Plan__ListTablesRequest) throws {
        self.init(
            programmeID: try Unpacked.string(message.programme_id, field: "programme_id"),
            unitID: try Unpacked.string(message.unit_id, field: "unit_id"),
            period: try TablePeriod.from(protobufValue: message.period, field: "period"),
            view: try CatalogueView(protobufValue: message.view, field: "view"),
            pageSize: Int(message.page_size),
            pageToken: try Unpacked.string(message.page_token, field: "page_token"))
    }
}

extension ListTablesResponse: ProtobufCodable {
    package func encode(into message: inout Plan__ListTablesResponse, arena: ProtobufArena) throws {
        message.n_tables = tables.count
        message.tables = try arena.encode(tables, field: "tables")
        message.next_page_token = try arena.cString(nextPageToken, field: "next_page_token")
    }

    package init(decoding message: Plan__ListTablesResponse) throws {
        self.init(
            tables: try Unpacked.messages(message.n_tables, message.tables, field: "tables"),
            nextPageToken: try Unpacked.string(message.next_page_token, field: "next_page_token"))
    }
}

extension GetTableRequest: ProtobufCodable {
    package func encode(into message: inout Plan__GetTableRequest, arena: ProtobufArena) throws {
        message.table_id = try arena.cString(tableID, field: "table_id")
    }

    package init(decoding message: Plan__GetTableRequest) throws {
        self.init(tableID: try Unpacked.string(message.table_id, field: "table_id"))
    }
}

extension SearchRequest: ProtobufCodable {
    package func encode(into message: inout Plan__SearchRequest, arena: ProtobufArena) throws {
        message.query = try arena.cString(query, field: "query")
        message.programme_id = try arena.cString(programmeID, field: "programme_id")
        message.n_scopes = scopes.count
        message.scopes = arena.enumValues(scopes)
        message.page_size = try fitting(pageSize, field: "page_size")
        message.page_token = try arena.cString(pageToken, field: "page_token")
    }

    package init(decoding message: Plan__SearchRequest) throws {
        self.init(
            query: try Unpacked.string(message.query, field: "query"),
            programmeID: try Unpacked.string(message.programme_id, field: "programme_id"),
            scopes: try Unpacked.enumValues(message.n_scopes, message.scopes, field: "scopes"),
            pageSize: Int(message.page_size),
            pageToken: try Unpacked.string(message.page_token, field: "page_token"))
    }
}

extension SearchLocation: ProtobufCodable {
    package func encode(into message: inout Plan__SearchLocation, arena: ProtobufArena) throws {
        message.scope = scope.protobufValue
        message.entity_id = try arena.cString(entityID, field: "entity_id")
        message.field = try arena.cString(field, field: "field")
        message.programme = try fitting(programme, field: "programme")
        message.unit_id = try arena.cString(unitID, field: "unit_id")
        message.line = try fitting(line, field: "line")
    }

    package init(decoding message: Plan__SearchLocation) throws {
        self.init(
            scope: try SearchScope.required(protobufValue: message.scope, field: "scope"),
            entityID: try Unpacked.string(message.entity_id, field: "entity_id"),
            field: try Unpacked.string(message.field, field: "field"),
            programme: Int(message.programme),
            unitID: try Unpacked.string(message.unit_id, field: "unit_id"),
            line: Int(message.line))
    }
}

extension TextRange: ProtobufCodable {
    package func encode(into message: inout Plan__TextRange, arena: ProtobufArena) throws {
        message.start = try fitting(start, field: "start")
        message.length = try fitting(length, field: "length")
    }

    package init(decoding message: Plan__TextRange) throws {
        self.init(start: Int(message.start), length: Int(message.length))
    }
}

extension SearchHit: ProtobufCodable {
    package func encode(into message: inout Plan__SearchHit, arena: ProtobufArena) throws {
        message.score = score
        message.snippet = try arena.cString(snippet, field: "snippet")
        message.n_highlights = highlights.count
        message.highlights = try arena.encode(highlights, field: "highlights")
        message.location = try arena.encode(location, field: "location")
    }

    package init(decoding message: Plan__SearchHit) throws {
        self.init(
            score: message.score,
            snippet: try Unpacked.string(message.snippet, field: "snippet"),
            highlights: try Unpacked.messages(message.n_highlights, message.highlights, field: "highlights"),
            location: try Unpacked.message(message.location, field: "location"))
    }
}

extension SearchResponse: ProtobufCodable {
    package func encode(into message: inout Plan__SearchResponse, arena: ProtobufArena) throws {
        message.n_hits = hits.count
        message.hits = try arena.encode(hits, field: "hits")
        message.next_page_token = try arena.cString(nextPageToken, field: "next_page_token")
        message.total_hits = try fitting(totalHits, field: "total_hits")
    }

    package init(decoding message: Plan__SearchResponse) throws {
        self.init(
            hits: try Unpacked.messages(message.n_hits, message.hits, field: "hits"),
            nextPageToken: try Unpacked.string(message.next_page_token, field: "next_page_token"),
            totalHits: Int(message.total_hits))
    }
}
