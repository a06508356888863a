import PlanIngest
let r = try DocumentReader().readEmbedded()
for p in r.catalogue.programmes { print(p.id, p.title, "parts:", p.parts.map { "\($0.id)=\($0.title)" }.joined(separator: ",")); for u in p.units { print("   ", u.id, u.kind, u.title.prefix(20), u.objective == nil ? "NOOBJ" : "", u.tableIDs, u.narrative.map(\.heading).joined(separator: "|").prefix(60), "m:", u.mandates.count) } }
