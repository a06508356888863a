import PlanModel
import PlanAPI

extension Programme {
    /// The programme as `view` shows it: without parts, units, mandates and narrative for
    /// the basic view; `nil` (VIEW_UNSPECIFIED) is the default, full.
    public func shown(as view: CatalogueView?) -> Programme {
        guard view == .basic else { return self }
        var programme = self
        programme.parts = []
        programme.units = []
        programme.mandates = []
        programme.narrative = []
        return programme
    }
}

extension DeliverableTable {
    /// The table as `view` shows it: without rows and footnotes for the basic view; `nil`
    /// (VIEW_UNSPECIFIED) is the default, full.
    public func shown(as view: CatalogueView?) -> DeliverableTable {
        guard view == .basic else { return self }
        var table = self
        table.rows = []
        table.footnotes = []
        return table
    }
}
