import PlanModel
import Testing

@Suite("Canonical UN document symbols of printed mandate symbols")
struct DocumentSymbolTests {
    @Test("each body's rule", arguments: [
        ("大会决议", "70/1", "A/RES/70/1"),
        ("大会决议", "S-10/2", "A/RES/S-10/2"),
        ("大会决议", "2997 (XXVII)", "A/RES/2997(XXVII)"),
        ("大会决议", "319 A (IV)", "A/RES/319(IV) A"),
        ("大会决议", "72/262 C", "A/RES/72/262 C"),
        ("大会决议", "66/248 A-C", "A/RES/66/248 A-C"),
        ("大会决议", "64/244A-C", "A/RES/64/244 A-C"),
        ("大会决议", "52/12 A 和 B", "A/RES/52/12 A-B"),
        ("大会决议", "69/262, 第二节", "A/RES/69/262"),
        ("安全理事会决议", "2417 (2018)", "S/RES/2417 (2018)"),
        ("安全理事会决议", "2282(2016)", "S/RES/2282 (2016)"),
        ("安全理事会决议和主席声明", "S/PRST/2013/2", "S/PRST/2013/2"),
        ("经济及社会理事会决议和决定", "2012/30", "E/RES/2012/30"),
        ("经济及社会理事会决议和决定", "2004/310", "E/DEC/2004/310"),
        ("经济及社会理事会决议", "671(XXV) A", "E/RES/671(XXV) A"),
        ("人权理事会决议和决定", "4/6", "A/HRC/RES/4/6"),
        ("人权理事会决议和决定", "24/118", "A/HRC/DEC/24/118"),
        ("联合国环境大会决议", "3/4", "UNEP/EA.3/Res.4"),
    ])
    func rule(body: String, printed: String, canonical: String) {
        #expect(DocumentSymbol.canonical(printed, issuingBody: body) == canonical)
    }

    @Test("bodies without a rule, and symbols that do not read, have none", arguments: [
        ("拉丁美洲和加勒比经济委员会决议", "650(XXXIII)"),
        ("经济及社会理事会实质性会议高级别部分的部长级公报", "2007"),
        ("妇女地位委员会的商定结论", "1996"),
        ("大会决议", "第三节"),
        ("安全理事会决议", "2417"),
    ])
    func none(body: String, printed: String) {
        #expect(DocumentSymbol.canonical(printed, issuingBody: body) == nil)
    }

    @Test("a mandate has canonical symbols only when every printed symbol has one; it matches either form")
    func mandate() {
        let mandate = Mandate(id: "p1.m1", issuingBody: "大会决议", symbols: ["57/300", "58/269"], title: "加强联合国", line: 1)
        #expect(mandate.canonicalSymbols == ["A/RES/57/300", "A/RES/58/269"])
        #expect(mandate.lines == [1])
        #expect(mandate.hasSymbol("58/269") && mandate.hasSymbol("a/res/57/300") && !mandate.hasSymbol("57/30"))
        let regional = Mandate(id: "p1.m2", issuingBody: "非洲经济委员会决议", symbols: ["748 (XXVIII)"], title: nil, line: 2)
        #expect(regional.canonicalSymbols.isEmpty && regional.hasSymbol("748(XXVIII)"))
    }
}
