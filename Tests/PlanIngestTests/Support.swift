import Foundation
import PlanIngest
import PlanModel

/// The embedded document, read once for all tests.
let embedded: IngestResult = {
    do { return try DocumentReader().readEmbedded() } catch { fatalError("the embedded document does not read: \(error)") }
}()

/// The repository's root folder.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A fixture file's bytes.
func fixture(_ name: String) throws -> Data {
    try Data(contentsOf: Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!)
}

/// A small document around `table`: one programme with one subprogramme whose paragraph 1.2
/// introduces the table.
func document(table: String, reference: String = "1.2 表 1.1 按类别和子类别分列 2018-2020 年期间促进和预计将促进实现上述宗旨的所有应交付产出。") -> String {
    """
    方案 1

    测试方案

    工作方案

    次级方案 1

    测试次级方案

    宗旨

    1.1 宗旨是测试。

    应交付产出

    \(reference)

    \(table)

    次级方案 2 第二个次级方案

    宗旨

    1.3 宗旨是继续测试。

    """
}

/// The header row the document prints above 2018–2020 tables.
let header = "\t2018 年 计划数\t2018 年 实际数\t2019 年 计划数\t2020 年 计划数"

/// A 2018–2020 table of subprogramme 1 whose `rows` sit under category A of the quantified
/// section, after `label` when one is given.
func quantifiedTable(label: String? = nil, _ rows: String) -> String {
    (label.map { "\($0)\n\n" } ?? "") + """
        次级方案 1：按类别和子类别分列的 2018-2020 年期间应交付产出

        \(header)
        量化的应交付产出\t\t\t\t
        A. 协助政府间进程和专家机构\t\t\t\t
        \(rows)
        """
}

/// Reads `text`, failing the test on any error.
func read(_ text: String) throws -> IngestResult {
    try DocumentReader().read(text: text)
}
