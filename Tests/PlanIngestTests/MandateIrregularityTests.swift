import PlanIngest
import PlanModel
import Testing

/// A one-programme document whose mandate block is `block`.
private func mandateDocument(_ block: String) -> String {
    """
    方案 1

    测试方案

    立法授权

    \(block)

    工作方案

    宗旨

    1.1 宗旨是测试。

    """
}

/// The programme-level mandates of `block` as (symbols, title).
private func mandates(_ block: String) throws -> [E] {
    try read(mandateDocument(block)).catalogue.programmes[0].mandates.map(E.init)
}

@Suite("Mandate blocks as the extraction leaves them")
struct MandateIrregularityTests {
    @Test("two printed rows merged into one line are two mandates, their titles split between two Chinese characters")
    func mergedRows() throws {
        let block = "大会决议\n\n49/37\t全盘审查\t72/288 72/304\t维持和平行动支助账户 整个维持和平行动问题所有方面的全盘审查"
        #expect(try mandates(block) == [
            E("大会决议", ["49/37"], "全盘审查"), E("大会决议", ["72/288"], "维持和平行动支助账户"),
            E("大会决议", ["72/304"], "整个维持和平行动问题所有方面的全盘审查"),
        ])
        // Symbols listed with a separator are one mandate; a space before a digit is no split.
        let listed = "大会决议\n\n57/300, 58/269\t加强联合国：进一步改革纲领\t\t\n60/1\t2005 年世界首脑会议成果\t\t"
        #expect(try mandates(listed) == [
            E("大会决议", ["57/300", "58/269"], "加强联合国：进一步改革纲领"), E("大会决议", ["60/1"], "2005 年世界首脑会议成果"),
        ])
    }

    @Test("a space between two Chinese characters inside one title is a line-wrap remnant")
    func wrapSpace() throws {
        let block = "大会决议\n\n57/7\t联合国非洲发展新 议程及支持 1990 年代\t\t"
        #expect(try mandates(block) == [E("大会决议", ["57/7"], "联合国非洲发展新议程及支持 1990 年代")])
    }

    @Test("a blank line is a page break: each page reads left column, then right")
    func pages() throws {
        let block = "大会决议\n\n1/1\t甲\t1/10\t丁\n1/2\t乙\t\t\n\n1/12\t戊\t2/20\t庚\n2/1\t己\t\t"
        #expect(try mandates(block).map(\.symbols) == [["1/1"], ["1/2"], ["1/10"], ["1/12"], ["2/1"], ["2/20"]])
    }

    @Test("a title that runs off the foot of a page's left column continues at the top of its right column")
    func continuationAcrossColumns() throws {
        let block = "经济及社会理事会决议和决定\n\n2004/310\t执行情况\t\t方面的作用\n2012/30\t在联合国各次主\t2013/5\t进展情况\n\n2016/8\t社会发展\t2017/9\t主流"
        #expect(try mandates(block) == [
            E("经济及社会理事会决议和决定", ["2004/310"], "执行情况"),
            E("经济及社会理事会决议和决定", ["2012/30"], "在联合国各次主方面的作用"),
            E("经济及社会理事会决议和决定", ["2013/5"], "进展情况"), E("经济及社会理事会决议和决定", ["2016/8"], "社会发展"),
            E("经济及社会理事会决议和决定", ["2017/9"], "主流"),
        ])
    }

    @Test("titles printed one row ahead of their symbols are paired in order when a merged row proves the shift")
    func shiftedTitles() throws {
        let block = """
            大会决议

            48/121\t世界人权会议\t65/312\t青年
            55/2\t千年宣言\t\t我们希望的未來
            56/266\t种族主义\t66/288 68/134 68/165\t老龄问题 了解真相的权利
            60/1\t首脑会议\t\t《变革我们的世界》
            61/159\t构成\t70/1\t建设和平架构
            62/134\t性暴力\t73/152\t
            """
        #expect(try mandates(block).suffix(5) == [
            E("大会决议", ["66/288"], "我们希望的未來"), E("大会决议", ["68/134"], "老龄问题"), E("大会决议", ["68/165"], "了解真相的权利"),
            E("大会决议", ["70/1"], "《变革我们的世界》"), E("大会决议", ["73/152"], "建设和平架构"),
        ])
        let result = try read(mandateDocument(block))
        #expect(result.diagnostics.isEmpty)
        // 70/1 is printed on line 13, its title a row above.
        #expect(result.catalogue.programmes[0].mandates.first { $0.symbols == ["70/1"] }?.lines == [12, 13])
    }

    @Test("a symbol list wrapped over rows, and part letters on the next row, continue the list above")
    func wrappedSymbolLists() throws {
        let block = """
            大会决议

            58/268; 59/275;\t方案规划\t68/248 A-C; 69/263\t2014-2015 两年期方案预算
            60/257; 61/235\t\tA-C\t
            58/280\t审查\t69/262\t问题
            """
        #expect(try mandates(block) == [
            E("大会决议", ["58/268", "59/275", "60/257", "61/235"], "方案规划"), E("大会决议", ["58/280"], "审查"),
            E("大会决议", ["68/248 A-C", "69/263 A-C"], "2014-2015 两年期方案预算"), E("大会决议", ["69/262"], "问题"),
        ])
    }

    @Test("columns of symbols without titles, presidential statements among them")
    func symbolColumns() throws {
        let block = "安全理事会决议和主席声明\n\n2226 (2015)\t2417 (2018)\n2227 (2015)\tS/PRST/2013/2\n2232 (2015)\tS/PRST/2015/23"
        let read = try mandates(block)
        #expect(read.map(\.symbols) == [["2226 (2015)"], ["2227 (2015)"], ["2232 (2015)"], ["2417 (2018)"], ["S/PRST/2013/2"], ["S/PRST/2015/23"]])
        #expect(read.allSatisfy { $0.title == nil })
    }

    @Test("one-column lines: two pairs on a line are the left and the right column; a title wraps to the next line")
    func singleColumn() throws {
        let block = """
            非洲经济委员会决议

            748 (XXVIII) 人口、家庭与可持续发展 937 (XLIX) 将《2030 年可持续发展议程》纳入主流
            928 (XLVIII) 执行 2063 年议程 939 (XLIX) 区域论坛

            大会决议

            71/272 B, 第三节 与 2016-2017 两年期方案预算有关的特别专

            题: 联合国信息和通信技术战略执行状况

            72/266 B 转变联合国的管理模式
            """
        #expect(try mandates(block) == [
            E("非洲经济委员会决议", ["748 (XXVIII)"], "人口、家庭与可持续发展"), E("非洲经济委员会决议", ["928 (XLVIII)"], "执行 2063 年议程"),
            E("非洲经济委员会决议", ["937 (XLIX)"], "将《2030 年可持续发展议程》纳入主流"), E("非洲经济委员会决议", ["939 (XLIX)"], "区域论坛"),
            E("大会决议", ["71/272 B, 第三节"], "与 2016-2017 两年期方案预算有关的特别专题: 联合国信息和通信技术战略执行状况"),
            E("大会决议", ["72/266 B"], "转变联合国的管理模式"),
        ])
    }

    @Test("instruments listed by title only are mandates without symbols")
    func titlesOnly() throws {
        let block = "公约和会议宣言\n\n《关于无国籍人地位的公约》(1954 年)\t《卡特赫纳难民宣言》(1984 年)\n《减少无国籍状态公约》(1961 年)\t"
        #expect(try mandates(block) == [
            E("公约和会议宣言", [], "《关于无国籍人地位的公约》(1954 年)"), E("公约和会议宣言", [], "《减少无国籍状态公约》(1961 年)"),
            E("公约和会议宣言", [], "《卡特赫纳难民宣言》(1984 年)"),
        ])
    }

    @Test("what stays ambiguous is a diagnostic with its line, and strict mode fails on it", arguments: [
        // Two symbols, one title, nothing to pair them by.
        ("大会决议\n\n72/288 72/304\t维持和平行动支助账户\t\t", 9),
        // A title-only row in mid-column with a title-less symbol below: continuation or shift.
        ("大会决议\n\n48/121\t世界人权会议\t\t\n\t我们希望的未來\t\t\n73/152\t\t\t", 10),
        // A title with nothing before it to continue.
        ("大会决议\n\n\t议在内的大会相关决议\t\t\n70/1\t变革我们的世界\t\t", 9),
        // Mandates before any issuing body.
        ("70/1\t变革我们的世界\t\t", 7),
    ])
    func ambiguous(block: String, line: Int) throws {
        let result = try read(mandateDocument(block))
        #expect(result.diagnostics.map(\.line) == [line], "\(result.diagnostics)")
        #expect(throws: IngestError.self) { try DocumentReader(strict: true).read(text: mandateDocument(block)) }
    }
}
