import GRPCCore
import PlanModel
import PlanAPI
import PlanProtobuf

/// `plan.v1.Catalogue` over a catalogue read from the document: programmes, units,
/// objectives, mandates, planned results and tables by id and in filtered pages, and Chinese
/// full-text search.
/// The methods themselves are in `CatalogueService+Methods.swift`; the generated
/// ``Plan_V1_Catalogue/ServiceProtocol`` routes calls to them.
public final class CatalogueService: Plan_V1_Catalogue.ServiceProtocol, Sendable {
    /// The service's fully qualified name.
    public static let name = Plan_V1_Catalogue.descriptor.fullyQualifiedService

    /// Page sizes and page tokens of the list methods.
    public let pagination: Pagination
    /// The catalogue's lookups.
    public let index: CatalogueIndex
    /// The full-text index, built when the service is.
    public let searchIndex: SearchIndex

    public init(catalogue: Catalogue, pagination: Pagination = Pagination()) {
        self.pagination = pagination
        index = CatalogueIndex(catalogue: catalogue)
        searchIndex = SearchIndex(catalogue: catalogue, index: index)
    }
}
