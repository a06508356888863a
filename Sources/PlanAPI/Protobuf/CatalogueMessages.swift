import PlanModel

// The requests and responses of plan.v1.Catalogue (Protos/plan/v1/catalogue.proto) as Swift
// values. Their protobuf encoding is in CatalogueMessages+Protobuf.swift. Filters that are
// empty strings mean "all", as in the proto; page sizes of 0 mean the server's default.
// Responses are Encodable (the HTTP front's JSON, keys turned snake_case there) and the enums'
// raw values are their names in JSON and in HTTP query parameters.

/// How much of a programme or table a response carries.
public enum CatalogueView: String, CaseIterable, Hashable, Sendable {
    /// Programmes without parts, units, mandates and narrative; tables without rows and footnotes.
    case basic
    /// Everything (also what VIEW_UNSPECIFIED means).
    case full
}

/// Lists programmes in document order.
public struct ListProgrammesRequest: Hashable, Sendable {
    /// Most programmes to return; 0 for the server's default.
    public var pageSize: Int
    /// A previous response's `nextPageToken`; empty for the first page.
    public var pageToken: String
    /// How much of each programme to return.
    public var view: CatalogueView

    public init(pageSize: Int = 0, pageToken: String = "", view: CatalogueView = .full) {
        self.pageSize = pageSize
        self.pageToken = pageToken
        self.view = view
    }
}

/// A page of programmes.
public struct ListProgrammesResponse: Encodable, Hashable, Sendable {
    /// The programmes, in document order.
    public var programmes: [Programme]
    /// Token for the next page; empty when this is the last.
    public var nextPageToken: String

    public init(programmes: [Programme] = [], nextPageToken: String = "") {
        self.programmes = programmes
        self.nextPageToken = nextPageToken
    }
}

/// Gets one programme; the response is a ``PlanModel/Programme``.
public struct GetProgrammeRequest: Hashable, Sendable {
    /// The programme's id (`p6`).
    public var programmeID: String
    /// How much of the programme to return.
    public var view: CatalogueView

    public init(programmeID: String, view: CatalogueView = .full) {
        self.programmeID = programmeID
        self.view = view
    }
}

/// Lists units in document order; filters combine with AND.
public struct ListUnitsRequest: Hashable, Sendable {
    /// Only units of this programme (`p6`); empty for all.
    public var programmeID: String
    /// Only units in this part (`p25.A`); empty for all.
    public var partID: String
    /// Only units of this kind; `nil` for all.
    public var kind: PlanModel.Unit.Kind?
    /// Most units to return; 0 for the server's default.
    public var pageSize: Int
    /// A previous response's `nextPageToken`; empty for the first page.
    public var pageToken: String

    public init(
        programmeID: String = "", partID: String = "", kind: PlanModel.Unit.Kind? = nil, pageSize: Int = 0,
        pageToken: String = ""
    ) {
        self.programmeID = programmeID
        self.partID = partID
        self.kind = kind
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// A page of units.
public struct ListUnitsResponse: Encodable, Hashable, Sendable {
    /// The units, in document order.
    public var units: [PlanModel.Unit]
    /// Token for the next page; empty when this is the last.
    public var nextPageToken: String

    public init(units: [PlanModel.Unit] = [], nextPageToken: String = "") {
        self.units = units
        self.nextPageToken = nextPageToken
    }
}

/// Gets one unit; the response is a ``PlanModel/Unit``.
public struct GetUnitRequest: Hashable, Sendable {
    /// The unit's id (`p4.sp2`).
    public var unitID: String

    public init(unitID: String) {
        self.unitID = unitID
    }
}

/// Lists the objectives of units in document order; filters combine with AND.
public struct ListObjectivesRequest: Hashable, Sendable {
    /// Only objectives of this programme's units (`p6`); empty for all.
    public var programmeID: String
    /// Only objectives of units in this part; empty for all.
    public var partID: String
    /// Most objectives to return; 0 for the server's default.
    public var pageSize: Int
    /// A previous response's `nextPageToken`; empty for the first page.
    public var pageToken: String

    public init(programmeID: String = "", partID: String = "", pageSize: Int = 0, pageToken: String = "") {
        self.programmeID = programmeID
        self.partID = partID
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// An objective and the unit it belongs to.
public struct ObjectiveEntry: Encodable, Hashable, Sendable {
    /// Id of the unit.
    public var unitID: String
    /// Title of the unit as printed.
    public var unitTitle: String
    /// Number of the programme.
    public var programme: Int
    /// The objective.
    public var objective: Objective

    public init(unitID: String, unitTitle: String, programme: Int, objective: Objective) {
        self.unitID = unitID
        self.unitTitle = unitTitle
        self.programme = programme
        self.objective = objective
    }
}

/// A page of objectives.
public struct ListObjectivesResponse: Encodable, Hashable, Sendable {
    /// The objectives, in document order.
    public var objectives: [ObjectiveEntry]
    /// Token for the next page; empty when this is the last.
    public var nextPageToken: String

    public init(objectives: [ObjectiveEntry] = [], nextPageToken: String = "") {
        self.objectives = objectives
        self.nextPageToken = nextPageToken
    }
}

/// Lists planned results for 2020 (the results framework) in document order; filters combine
/// with AND.
public struct ListResultsRequest: Hashable, Sendable {
    /// Only results of this programme's units (`p6`); empty for all.
    public var programmeID: String
    /// Only the result of this unit (`p6.sp1`); empty for all.
    public var unitID: String
    /// Most results to return; 0 for the server's default.
    public var pageSize: Int
    /// A previous response's `nextPageToken`; empty for the first page.
    public var pageToken: String

    public init(programmeID: String = "", unitID: String = "", pageSize: Int = 0, pageToken: String = "") {
        self.programmeID = programmeID
        self.unitID = unitID
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// A page of planned results.
public struct ListResultsResponse: Encodable, Hashable, Sendable {
    /// The results, in document order.
    public var results: [PlannedResult]
    /// Token for the next page; empty when this is the last.
    public var nextPageToken: String

    public init(results: [PlannedResult] = [], nextPageToken: String = "") {
        self.results = results
        self.nextPageToken = nextPageToken
    }
}

/// Gets one planned result; the response is a ``PlanModel/PlannedResult``.
public struct GetResultRequest: Hashable, Sendable {
    /// The result's id (`p6.sp1.result`).
    public var resultID: String

    public init(resultID: String) {
        self.resultID = resultID
    }
}

/// Lists legislative mandates in document order; filters combine with AND.
public struct ListMandatesRequest: Hashable, Sendable {
    /// Only mandates of this programme, its parts and units (`p6`); empty for all.
    public var programmeID: String
    /// Only mandates under this issuing body, exactly as printed (`大会决议`); empty for all.
    public var issuingBody: String
    /// Only mandates that list this symbol, as printed (`70/1`) or canonical (`A/RES/70/1`),
    /// spaces and letter case aside; empty for all.
    public var symbol: String
    /// Most mandates to return; 0 for the server's default.
    public var pageSize: Int
    /// A previous response's `nextPageToken`; empty for the first page.
    public var pageToken: String

    public init(
        programmeID: String = "", issuingBody: String = "", symbol: String = "", pageSize: Int = 0,
        pageToken: String = ""
    ) {
        self.programmeID = programmeID
        self.issuingBody = issuingBody
        self.symbol = symbol
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// A mandate and where it is listed.
public struct MandateEntry: Encodable, Hashable, Sendable {
    /// Id of the programme, part or unit the mandate is listed under.
    public var ownerID: String
    /// Number of the programme.
    public var programme: Int
    /// The mandate.
    public var mandate: Mandate

    public init(ownerID: String, programme: Int, mandate: Mandate) {
        self.ownerID = ownerID
        self.programme = programme
        self.mandate = mandate
    }
}

/// A page of mandates.
public struct ListMandatesResponse: Encodable, Hashable, Sendable {
    /// The mandates, in document order.
    public var mandates: [MandateEntry]
    /// Token for the next page; empty when this is the last.
    public var nextPageToken: String

    public init(mandates: [MandateEntry] = [], nextPageToken: String = "") {
        self.mandates = mandates
        self.nextPageToken = nextPageToken
    }
}

/// Lists deliverables tables in document order; filters combine with AND.
public struct ListTablesRequest: Hashable, Sendable {
    /// Only tables of this programme (`p6`); empty for all.
    public var programmeID: String
    /// Only tables of this unit (`p6.sp1`); empty for all.
    public var unitID: String
    /// Only tables of this period; `nil` for all.
    public var period: TablePeriod?
    /// How much of each table to return.
    public var view: CatalogueView
    /// Most tables to return; 0 for the server's default.
    public var pageSize: Int
    /// A previous response's `nextPageToken`; empty for the first page.
    public var pageToken: String

    public init(
        programmeID: String = "", unitID: String = "", period: TablePeriod? = nil, view: CatalogueView = .full,
        pageSize: Int = 0, pageToken: String = ""
    ) {
        self.programmeID = programmeID
        self.unitID = unitID
        self.period = period
        self.view = view
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// A page of tables.
public struct ListTablesResponse: Encodable, Hashable, Sendable {
    /// The tables, in document order.
    public var tables: [DeliverableTable]
    /// Token for the next page; empty when this is the last.
    public var nextPageToken: String

    public init(tables: [DeliverableTable] = [], nextPageToken: String = "") {
        self.tables = tables
        self.nextPageToken = nextPageToken
    }
}

/// Gets one deliverables table; the response is a ``PlanModel/DeliverableTable``.
public struct GetTableRequest: Hashable, Sendable {
    /// The table's id (`20.3`).
    public var tableID: String

    public init(tableID: String) {
        self.tableID = tableID
    }
}

/// What kind of text a search hit was found in.
public enum SearchScope: String, CaseIterable, Codable, Hashable, Sendable {
    /// A programme's title.
    case programme
    /// A part's title.
    case part
    /// A unit's title.
    case unit
    /// An objective's text.
    case objective
    /// A mandate's issuing body, symbols or title.
    case mandate
    /// A narrative section's heading or paragraphs.
    case narrative
    /// A table's title.
    case table
    /// A table row's subcategory or measure.
    case row
    /// A table footnote.
    case footnote
    /// A planned result's title or performance cells (its paragraphs are narrative hits).
    case result
}

/// Full-text search over the Chinese text of the catalogue.
public struct SearchRequest: Hashable, Sendable {
    /// The query; terms separated by spaces must all match.
    public var query: String
    /// Only hits in this programme (`p6`); empty for all.
    public var programmeID: String
    /// Only hits of these kinds; empty for all.
    public var scopes: [SearchScope]
    /// Most hits to return; 0 for the server's default.
    public var pageSize: Int
    /// A previous response's `nextPageToken`; empty for the first page.
    public var pageToken: String

    public init(
        query: String, programmeID: String = "", scopes: [SearchScope] = [], pageSize: Int = 0, pageToken: String = ""
    ) {
        self.query = query
        self.programmeID = programmeID
        self.scopes = scopes
        self.pageSize = pageSize
        self.pageToken = pageToken
    }
}

/// Where a search hit is.
public struct SearchLocation: Encodable, Hashable, Sendable {
    /// What kind of text the hit is in.
    public var scope: SearchScope
    /// Id of the entity holding the text (the table id for a footnote).
    public var entityID: String
    /// The field the hit is in (`title`, `text`, `paragraphs[2]`).
    public var field: String
    /// Number of the programme.
    public var programme: Int
    /// Id of the unit, where the text belongs to one; empty otherwise.
    public var unitID: String
    /// 1-based line of the text in the document.
    public var line: Int

    public init(scope: SearchScope, entityID: String, field: String, programme: Int, unitID: String = "", line: Int) {
        self.scope = scope
        self.entityID = entityID
        self.field = field
        self.programme = programme
        self.unitID = unitID
        self.line = line
    }
}

/// A span of a snippet, in Unicode scalar values.
public struct TextRange: Encodable, Hashable, Sendable {
    /// Offset of the first scalar.
    public var start: Int
    /// Number of scalars.
    public var length: Int

    public init(start: Int, length: Int) {
        self.start = start
        self.length = length
    }
}

/// One search hit.
public struct SearchHit: Encodable, Hashable, Sendable {
    /// Relevance; higher is better.
    public var score: Double
    /// The text around the match.
    public var snippet: String
    /// The matched spans within the snippet.
    public var highlights: [TextRange]
    /// Where the text is.
    public var location: SearchLocation

    public init(score: Double, snippet: String, highlights: [TextRange] = [], location: SearchLocation) {
        self.score = score
        self.snippet = snippet
        self.highlights = highlights
        self.location = location
    }
}

/// A page of search hits, best first.
public struct SearchResponse: Encodable, Hashable, Sendable {
    /// The hits, best first.
    public var hits: [SearchHit]
    /// Token for the next page; empty when this is the last.
    public var nextPageToken: String
    /// How many hits the query has in all pages.
    public var totalHits: Int

    public init(hits: [SearchHit] = [], nextPageToken: String = "", totalHits: Int = 0) {
        self.hits = hits
        self.nextPageToken = nextPageToken
        self.totalHits = totalHits
    }
}
