import GRPCCore
import PlanModel
import PlanAPI

/// The catalogue arranged for the service's lookups: entities by id, and the flat lists
/// (units, objectives, mandates, tables) in document order that the list methods filter.
public struct CatalogueIndex: Sendable {
    /// The catalogue indexed.
    public let catalogue: Catalogue
    /// Every unit, in document order.
    public let units: [PlanModel.Unit]
    /// Every objective with its unit, in document order.
    public let objectives: [ObjectiveEntry]
    /// Every mandate with its owner, in document order.
    public let mandates: [MandateEntry]
    /// Every planned result, in document order.
    public let results: [PlannedResult]

    private let programmesByID: [String: Programme]
    private let partsByID: [String: Part]
    private let unitsByID: [String: PlanModel.Unit]
    private let tablesByID: [String: DeliverableTable]
    private let resultsByID: [String: PlannedResult]

    public init(catalogue: Catalogue) {
        self.catalogue = catalogue
        units = catalogue.units
        objectives = units.compactMap { unit in
            unit.objective.map {
                ObjectiveEntry(unitID: unit.id, unitTitle: unit.title, programme: unit.programme, objective: $0)
            }
        }
        // Each owner's block in reading order (a page's left column, then its right one), the
        // blocks in document order.
        mandates = catalogue.programmes.flatMap { programme in
            let blocks = [(programme.id, programme.mandates)] + programme.parts.map { ($0.id, $0.mandates) }
                + programme.units.map { ($0.id, $0.mandates) }
            return blocks.filter { !$0.1.isEmpty }.enumerated()
                .sorted { ($0.element.1[0].line, $0.offset) < ($1.element.1[0].line, $1.offset) }
                .flatMap { block in
                    block.element.1.map { MandateEntry(ownerID: block.element.0, programme: programme.number, mandate: $0) }
                }
        }
        results = catalogue.plannedResults
        resultsByID = Dictionary(results.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        programmesByID = Dictionary(catalogue.programmes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        partsByID = Dictionary(
            catalogue.programmes.flatMap(\.parts).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        unitsByID = Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        tablesByID = Dictionary(catalogue.tables.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The programme with id `id` ("p6"; "6" is taken as "p6"); NOT_FOUND naming the id if none.
    public func programme(id: String) throws(RPCError) -> Programme {
        let key = !id.isEmpty && id.allSatisfy(\.isASCII) && id.allSatisfy(\.isNumber) ? Programme.id(Int(id) ?? 0) : id
        guard let programme = programmesByID[key] else {
            throw RPCError(code: .notFound, message: "no programme with id '\(id)'")
        }
        return programme
    }

    /// The part with id `id` ("p25.A"); NOT_FOUND naming the id if none.
    public func part(id: String) throws(RPCError) -> Part {
        guard let part = partsByID[id] else { throw RPCError(code: .notFound, message: "no part with id '\(id)'") }
        return part
    }

    /// The unit with id `id` ("p4.sp2"); NOT_FOUND naming the id if none.
    public func unit(id: String) throws(RPCError) -> PlanModel.Unit {
        guard let unit = unitsByID[id] else { throw RPCError(code: .notFound, message: "no unit with id '\(id)'") }
        return unit
    }

    /// The table with id `id` ("20.3"); NOT_FOUND naming the id if none.
    public func table(id: String) throws(RPCError) -> DeliverableTable {
        guard let table = tablesByID[id] else { throw RPCError(code: .notFound, message: "no table with id '\(id)'") }
        return table
    }

    /// The planned result with id `id` ("p6.sp1.result"); NOT_FOUND naming the id if none.
    public func result(id: String) throws(RPCError) -> PlannedResult {
        guard let result = resultsByID[id] else { throw RPCError(code: .notFound, message: "no planned result with id '\(id)'") }
        return result
    }

    /// The number of the programme a table belongs to, through its unit.
    public func programmeNumber(of table: DeliverableTable) -> Int? {
        unitsByID[table.unitID]?.programme
    }
}
