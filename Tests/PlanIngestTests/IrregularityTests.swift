import PlanIngest
import PlanModel
import Testing

/// One small document per irregularity the PDF extraction leaves behind.
@Suite("Irregularities of the extracted text")
struct IrregularityTests {
    private func onlyTable(_ table: String, reference: String? = nil) throws -> DeliverableTable {
        let text = reference.map { document(table: table, reference: $0) } ?? document(table: table)
        let result = try read(text)
        #expect(result.diagnostics == [])
        return try #require(result.catalogue.tables.first)
    }

    @Test("a header repeated at a page break inside the quantified section is skipped")
    func repeatedHeader() throws {
        let table = try onlyTable("""
            表 1.1

            次级方案 1：按类别和子类别分列的 2018-2020 年期间应交付产出

            \(header)
            量化的应交付产出\t\t\t\t
            A. 协助政府间进程和专家机构\t\t\t\t
            议事机构文件(文件数目)\t1\t2\t3\t4

            \(header.replacingOccurrences(of: "2018 年", with: "2018年"))
            实质性会议服务(三小时会议次数)\t5\t6\t7\t8
            """)
        #expect(table.rows.map(\.subcategory) == ["议事机构文件", "实质性会议服务"])
        #expect(table.rows[1].planned2018 == .number(5) && table.rows[1].category == .a)
    }

    @Test("\"2018 年\" and \"2018年\" headers, with \"类别和次类别\" before them, both open a 2018–2020 table")
    func headerSpellings() throws {
        let table = try onlyTable("""
            次级方案 1：按类别和子类别分列的 2018-2020 年期间应交付产出

            类别和次类别\t2018年 计划数\t2018年 实际数\t2019年 计划数\t2020年 计划数
            量化的应交付产出\t\t\t\t
            B. 生成和转让知识\t\t\t\t
            出版物(出版物数目)\t1\t1\t1\t1
            """)
        #expect(table.period == .years2018to2020)
        #expect(table.rows.count == 1 && table.rows[0].measure == .publications)
    }

    @Test("separator lines and category lines without tab cells are not rows")
    func separators() throws {
        let table = try onlyTable("""
            次级方案 1：按类别和子类别分列的 2018-2020 年期间应交付产出

            \(header)
            --\t---------------\t---------------\t---------------\t---------------

            量化的应交付产出

            A. 协助政府间进程和专家机构

            议事机构文件(文件数目)\t—\t2\t2\t2
            """)
        #expect(table.rows.count == 1)
        #expect(table.rows[0].planned2018 == .dash && table.rows[0].actual2018 == .number(2))
    }

    @Test("a 2020-only table has no header and its rows sit between blank lines")
    func twentyTwentyOnly() throws {
        let table = try onlyTable("""
            表 1.1

            次级方案 1：按类别和子类别分列的 2020 年应交付产出

            非量化的应交付产出

            E. 辅助性应交付产出

            法律服务

            法律咨询意见
            """, reference: "1.2 表 1.1 按类别和子类别分列 2020 年计划交付的所有产出。")
        #expect(table.period == .year2020)
        #expect(table.rows.map(\.subcategory) == ["法律服务", "法律咨询意见"])
        #expect(table.rows.allSatisfy { !$0.quantified && $0.category == .e && $0.planned2020 == .blank })
    }

    @Test("headings print on one line or on two")
    func headingLines() throws {
        let catalogue = try read(document(table: "")).catalogue
        #expect(catalogue.units.map(\.title) == ["测试次级方案", "第二个次级方案"])
        #expect(catalogue.units.map(\.number) == ["1", "2"])
        #expect(catalogue.programmes[0].title == "测试方案")
    }

    @Test("a wrong printed label keeps the label and takes its id from the referring paragraph")
    func wrongLabel() throws {
        let table = try onlyTable(quantifiedTable(label: "表 22.3", """
            议事机构文件(文件数目)\t1\t1\t1\t1
            """))
        #expect(table.printedLabel == "22.3" && table.id == "1.1")
    }

    @Test("a missing label and a paragraph that says only \"下表\" give the table its ordinal id")
    func missingLabel() throws {
        let table = try onlyTable("""
            按类别和子类别分列的 2018-2020 年期间应交付产出

            \(header)
            量化的应交付产出\t\t\t\t
            A. 协助政府间进程和专家机构\t\t\t\t
            议事机构文件(文件数目)\t15\t15\t15\t15
            """, reference: "1.2 下表按类别和子类别分列 2018-2020 年期间促进和预计将促进实现上述宗旨的所有应交付产出。")
        #expect(table.printedLabel == nil && table.id == "1.1")
    }

    @Test("numbers with spaces as thousands separators, dashes, literal zeros and blanks")
    func figures() throws {
        let table = try onlyTable(quantifiedTable("""
            为会议提供会议和秘书处服务(三小时会议次数)\t13 300\t0\t—\t
            """))
        let row = try #require(table.rows.first)
        #expect(row.planned2018 == .number(13300))
        #expect(row.actual2018 == .number(0))
        #expect(row.planned2019 == .dash)
        #expect(row.planned2020 == .blank)
    }

    @Test("footnote markers stay off the row text and footnote lines attach to the table")
    func footnotes() throws {
        let table = try onlyTable("""
            次级方案 1：按类别和子类别分列的 2018-2020 年期间应交付产出

            \(header)
            量化的应交付产出\t\t\t\t
            A. 协助政府间进程和专家机构\t\t\t\t
            为会议提供会议和秘书处服务(三小时会议次数) ^a\t350\t435\t550\t450

            a 包括只有口译服务的会议。
            """)
        #expect(table.rows[0].subcategory == "为会议提供会议和秘书处服务")
        #expect(table.rows[0].measureText == "三小时会议次数")
        #expect(table.rows[0].footnoteMarkers == ["a"])
        #expect(table.footnotes.map(\.marker) == ["a"] && table.footnotes[0].text == "包括只有口译服务的会议。")
    }

    @Test("mandates in two columns read down the left column, then the right")
    func twoColumnMandates() throws {
        let text = """
            方案 1

            测试方案

            立法授权

            大会决议

            47/135\t少数群体权利宣言\t\t力，包括在冲突中
            48/121\t世界人权会议\t65/1\t履行诺言
            62/134\t消除一切形式性暴\t\t

            安全理事会决议

            1325 (2000)\t1887 (2009)

            工作方案

            宗旨

            1.1 宗旨是测试。
            """
        let mandates = try read(text).catalogue.programmes[0].mandates
        #expect(mandates.map(\.symbols) == [["47/135"], ["48/121"], ["62/134"], ["65/1"], ["1325 (2000)"], ["1887 (2009)"]])
        #expect(mandates[2].title == "消除一切形式性暴力，包括在冲突中")
        #expect(mandates[4].issuingBody == "安全理事会决议" && mandates[4].title == nil)
    }

    @Test("a paragraph broken across a page break is joined")
    func brokenParagraph() throws {
        let text = """
            方案 1

            测试方案

            总方向

            任务和背景

            1.1 大会将该项目列入其议程，供其第七十五

            届会议进一步审议。

            1.2 第二段。
            """
        let section = try #require(try read(text).catalogue.programmes[0].narrative.last)
        #expect(section.paragraphs.map(\.text) == ["大会将该项目列入其议程，供其第七十五届会议进一步审议。", "第二段。"])
    }

    @Test("a stray document code is dropped, even inside a table")
    func documentCode() throws {
        let table = try onlyTable(quantifiedTable("""
            议事机构文件(文件数目)\t1\t1\t1\t1
            20-06399 (C) 180520 290520
            实质性会议服务(三小时会议次数)\t2\t2\t2\t2
            """))
        #expect(table.rows.count == 2)
    }

    @Test("a category heading is known by its name; the printed letter is kept")
    func misprintedCategoryLetter() throws {
        let table = try onlyTable("""
            次级方案 1：按类别和子类别分列的 2018-2020 年期间应交付产出

            \(header)
            非量化的应交付产出\t\t\t\t
            C. 信息传播方面的应交付产出:\t\t\t\t
            对外和媒体关系\t\t\t\t
            """)
        #expect(table.rows[0].category == .d && table.rows[0].printedCategory == "C")
    }

    @Test("spelling variants of a unit of measure map to one measure, the printed text is kept")
    func measureSpellings() throws {
        let table = try onlyTable(quantifiedTable("""
            议事机构文件(文件数目)\t1\t1\t1\t1
            议事机构文件(文件数量)\t1\t1\t1\t1
            议事机构文件(文件数)\t1\t1\t1\t1
            """))
        #expect(table.rows.map(\.measure) == [.documents, .documents, .documents])
        #expect(table.rows.map(\.measureText) == ["文件数目", "文件数量", "文件数"])
    }
}
