import PlanModel

/// The state machine behind `DocumentReader`: walks the lines once, keeping the programme, part
/// and unit it is in and where the next paragraph belongs.
struct CatalogueBuilder {
    private let lines: [Substring]
    /// The lines without surrounding whitespace, trimmed once.
    private let texts: [Substring]
    private(set) var programmes: [Programme] = []
    private(set) var tables: [DeliverableTable] = []
    private(set) var diagnostics: [Diagnostic] = []

    /// Where paragraphs go.
    private enum Sink: Equatable {
        case none
        case objective(unit: Int)
        case narrative(owner: Owner, section: Int)
        /// After a performance-measures table: the next paragraph opens a section without a
        /// printed heading (the table ends "业绩计量"; the paragraph after it is no measure).
        case afterMeasures
    }

    /// What narrative sections and mandates belong to.
    private enum Owner: Equatable {
        case programme
        case part(Int)
        case unit(Int)
    }

    private var part: Int?
    private var unit: Int?
    private var subprogramme: Int?
    private var sink = Sink.none
    private var mandateReader: MandateReader?
    private var mandateOwner = Owner.programme
    private var pendingReference: String?
    private var pendingLabel: String?
    /// Performance measures read, by the id of the unit they belong to.
    private var performance: [String: PerformanceMeasures] = [:]

    init(lines: [Substring]) {
        self.lines = lines
        self.texts = lines.map { $0.trimmingWhitespace() }
    }

    mutating func run() {
        var index = 0
        while index < lines.count {
            index = step(at: index)
        }
        finishMandates()
        addPlannedResults()
    }

    // MARK: - One line

    /// Handles the line at `index` and returns the index of the next line to handle.
    private mutating func step(at index: Int) -> Int {
        let text = texts[index]
        let line = index + 1
        if text.isEmpty || LineSyntax.isDocumentCode(text) { return index + 1 }

        if mandateReader != nil {
            if isHeading(text) {
                finishMandates()
            } else {
                mandateReader!.take(lines[index], line: line)
                return index + 1
            }
        }

        if let (number, title) = LineSyntax.programmeHeading(text) {
            return startProgramme(number: number, inlineTitle: title, at: index)
        }
        guard !programmes.isEmpty else { return index + 1 }  // front matter: title page, contents, introduction

        if LineSyntax.isTableTitle(text) { return readTable(at: index) }
        if let label = LineSyntax.tableLabel(text) {
            pendingLabel = label
            return index + 1
        }
        if text.equals("立法授权") {
            mandateReader = MandateReader()
            mandateOwner = unit.map(Owner.unit) ?? part.map(Owner.part) ?? .programme
            return index + 1
        }
        if text.equals("工作方案") {
            // An office with a narrative of its own ("缅甸问题独立调查机制", then 总方向…) keeps
            // its work programme; elsewhere the work programme starts a fresh list of units.
            if let current = unit, currentProgramme.units[current].kind == .office,
                currentProgramme.units[current].objective == nil
            {
                sink = .none
            } else {
                unit = nil
                subprogramme = nil
                sink = .none
            }
            return index + 1
        }
        if text.equals("宗旨") {
            if unit == nil { addProgrammeLevelUnit(line: line) }
            sink = .objective(unit: unit!)
            return index + 1
        }
        if let caption = Self.performanceCaption(text) {
            startSection(String(text), line: line)
            return readPerformance(at: index, caption: caption)
        }
        if text.equals("应交付产出") || NarrativeSection.headings.contains(where: text.equals) {
            startSection(String(text), line: line)
            return index + 1
        }
        if let (number, title) = LineSyntax.numberedHeading(text, keyword: "次级方案") {
            let (title, next) = headingTitle(inline: title, after: index)
            let id = unitPrefix + ".sp" + String(decoding: number.utf8.filter { $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: ")") }, as: UTF8.self)
            subprogramme = addUnit(Unit(id: id, kind: .subprogramme, number: number, title: title, programme: currentProgramme.number, partID: currentPartID, line: line))
            return next
        }
        if let (number, title) = LineSyntax.numberedHeading(text, keyword: "构成部分") {
            let (title, next) = headingTitle(inline: title, after: index)
            guard let parent = subprogramme else {
                diagnose(line, "component \(number) outside any subprogramme")
                return next
            }
            let parentUnit = currentProgramme.units[parent]
            addUnit(Unit(id: parentUnit.id + ".c" + number, kind: .component, number: number, title: title, programme: currentProgramme.number, partID: currentPartID, parentID: parentUnit.id, line: line))
            return next
        }
        if let (letter, title) = LineSyntax.letteredSubdivision(text), let parent = subprogramme,
            nextText(after: index)?.equals("宗旨") == true
        {
            let parentUnit = currentProgramme.units[parent]
            let number = (parentUnit.number ?? "") + "(\(letter))"
            addUnit(Unit(id: parentUnit.id + String(letter), kind: .subprogramme, number: number, title: title, programme: currentProgramme.number, partID: currentPartID, parentID: parentUnit.id, line: line))
            return index + 1
        }
        if let (letter, title) = LineSyntax.letteredPart(text), sink == .none || isUnitStart(after: index) {
            startPart(Part(id: currentProgramme.id + "." + letter, letter: letter, title: title, programme: currentProgramme.number, line: line))
            return index + 1
        }
        if let (number, paragraphText) = LineSyntax.numberedParagraph(text) {
            if let reference = LineSyntax.tableReference(inParagraph: paragraphText[...]) {
                pendingReference = reference
            }
            addParagraph(Paragraph(number: number, text: paragraphText, line: line))
            return index + 1
        }
        if let next = nextText(after: index), next.equals("宗旨") || next.equals("总方向"), !text.has("。") {
            let ordinal = currentProgramme.units.filter { $0.kind == .office }.count + 1
            addUnit(Unit(id: "\(unitPrefix).o\(ordinal)", kind: .office, number: nil, title: String(text), programme: currentProgramme.number, partID: currentPartID, line: line))
            return index + 1
        }
        if sink == .none && !text.has("。") && isUnitStart(after: index) {
            let ordinal = currentProgramme.parts.filter { $0.letter == nil }.count + 1
            startPart(Part(id: "\(currentProgramme.id).g\(ordinal)", letter: nil, title: String(text), programme: currentProgramme.number, line: line))
            return index + 1
        }
        addParagraph(Paragraph(number: nil, text: String(text), line: line))
        return index + 1
    }

    // MARK: - Structure

    private var currentProgramme: Programme {
        get { programmes[programmes.count - 1] }
        set { programmes[programmes.count - 1] = newValue }
    }

    private var currentPartID: String? { part.map { currentProgramme.parts[$0].id } }

    /// Units are numbered within their part where the programme has parts (programme 1's
    /// locations and programme 25's lettered parts each number their subprogrammes from 1).
    private var unitPrefix: String { currentPartID ?? currentProgramme.id }

    private mutating func startProgramme(number: Int, inlineTitle: String?, at index: Int) -> Int {
        finishMandates()
        let (title, next) = headingTitle(inline: inlineTitle, after: index)
        if programmes.contains(where: { $0.number == number }) {
            diagnose(index + 1, "programme \(number) appears a second time; its content is read into a new programme entry")
        } else if let last = programmes.last, number != last.number + 1 {
            diagnose(index + 1, "programme \(number) follows programme \(last.number)")
        }
        programmes.append(Programme(number: number, title: title, line: index + 1))
        part = nil
        unit = nil
        subprogramme = nil
        sink = .none
        pendingLabel = nil
        pendingReference = nil
        return next
    }

    private mutating func startPart(_ newPart: Part) {
        currentProgramme.parts.append(newPart)
        part = currentProgramme.parts.count - 1
        unit = nil
        subprogramme = nil
        sink = .none
    }

    @discardableResult
    private mutating func addUnit(_ newUnit: Unit) -> Int {
        var newUnit = newUnit
        if currentProgramme.units.contains(where: { $0.id == newUnit.id }) {
            diagnose(newUnit.line, "unit \(newUnit.id) appears a second time")
            newUnit.id += ".dup\(newUnit.line)"
        }
        if newUnit.title.isEmpty { diagnose(newUnit.line, "unit \(newUnit.id) has no title") }
        currentProgramme.units.append(newUnit)
        unit = currentProgramme.units.count - 1
        sink = .none
        return unit!
    }

    private mutating func addProgrammeLevelUnit(line: Int) {
        let title = part.map { currentProgramme.parts[$0].title } ?? currentProgramme.title
        addUnit(Unit(id: unitPrefix + ".programme", kind: .programme, number: nil, title: title, programme: currentProgramme.number, partID: currentPartID, line: line))
    }

    /// A heading's title: the text after the number, or the next line when the heading is
    /// printed on two lines.
    private func headingTitle(inline: String?, after index: Int) -> (String, Int) {
        if let inline { return (inline, index + 1) }
        guard let next = nextIndex(after: index) else { return ("", index + 1) }
        let text = texts[next]
        if isHeading(text) || LineSyntax.numberedParagraph(text) != nil || LineSyntax.letteredSubdivision(text) != nil {
            return ("", index + 1)
        }
        return (String(text), next + 1)
    }

    /// Whether a unit (or a part's mandates) starts at the next line: a subprogramme heading,
    /// an office heading (a line before "宗旨"), or "立法授权".
    private func isUnitStart(after index: Int) -> Bool {
        guard let next = nextIndex(after: index) else { return false }
        let text = texts[next]
        return LineSyntax.numberedHeading(text, keyword: "次级方案") != nil || text.equals("立法授权")
            || (nextText(after: next)?.equals("宗旨") == true && !isHeading(text) && LineSyntax.numberedParagraph(text) == nil)
    }

    /// Lines that open something new: they end a mandate block and are never a heading's title.
    private func isHeading(_ text: Substring) -> Bool {
        if ["立法授权", "工作方案", "宗旨", "应交付产出"].contains(where: text.equals) { return true }
        return NarrativeSection.headings.contains(where: text.equals) || LineSyntax.programmeHeading(text) != nil
            || LineSyntax.numberedHeading(text, keyword: "次级方案") != nil
            || LineSyntax.numberedHeading(text, keyword: "构成部分") != nil
            || LineSyntax.tableLabel(text) != nil || LineSyntax.isTableTitle(text)
            || LineSyntax.letteredPart(text) != nil || Self.performanceCaption(text) != nil
    }

    /// "业绩计量" → "" (no caption); "业绩计量：可用数据来源的数量" → "可用数据来源的数量".
    private static func performanceCaption(_ text: Substring) -> Substring? {
        if text.equals("业绩计量") { return "" }
        guard text.begins("业绩计量：") else { return nil }
        return text.dropFirst(5).trimmingWhitespace()
    }

    private func nextIndex(after index: Int) -> Int? {
        var next = index + 1
        while next < lines.count {
            let text = texts[next]
            if !text.isEmpty && !LineSyntax.isDocumentCode(text) { return next }
            next += 1
        }
        return nil
    }

    private func nextText(after index: Int) -> Substring? {
        nextIndex(after: index).map { texts[$0] }
    }

    // MARK: - Tables

    private mutating func readTable(at index: Int) -> Int {
        let title = texts[index]
        let period = LineSyntax.period(ofTitle: title)
        let prefix = "\(currentProgramme.number)."
        let expected = prefix + String(tables.filter { $0.id.hasPrefix(prefix) }.count + 1)
        var id = expected
        if let reference = pendingReference, reference.hasPrefix(prefix) {
            id = reference
        } else if let label = pendingLabel, label.hasPrefix(prefix) {
            id = label
        }
        if tables.contains(where: { $0.id == id }) {
            diagnose(index + 1, "table id \(id) is already taken; this table is \(expected)")
            id = expected
        }
        if unit == nil {
            diagnose(index + 1, "table \(id) outside any unit; it is given to the programme")
            addProgrammeLevelUnit(line: index + 1)
        }
        let result = TableReader(lines: lines, texts: texts).read(titleIndex: index, tableID: id, period: period)
        diagnostics += result.diagnostics
        let unitID = currentProgramme.units[unit!].id
        tables.append(DeliverableTable(id: id, printedLabel: pendingLabel, title: String(title), period: period, unitID: unitID, rows: result.rows, footnotes: result.footnotes, line: index + 1))
        currentProgramme.units[unit!].tableIDs.append(id)
        pendingLabel = nil
        pendingReference = nil
        sink = .none
        return result.next
    }

    // MARK: - Results framework

    private mutating func readPerformance(at index: Int, caption: Substring) -> Int {
        let result = PerformanceTableReader(lines: lines, texts: texts).read(headingIndex: index)
        diagnostics += result.diagnostics
        guard let unit else {
            diagnose(index + 1, "performance measures outside any unit")
            return result.next
        }
        let unitID = currentProgramme.units[unit].id
        if performance[unitID] != nil { diagnose(index + 1, "unit \(unitID) prints performance measures a second time") }
        performance[unitID] = PerformanceMeasures(caption: caption.isEmpty ? nil : String(caption), cells: result.cells, line: index + 1)
        sink = .afterMeasures
        return result.next
    }

    /// Gives each unit that states a planned result its `PlannedResult`, from its narrative
    /// sections and the performance measures read.
    private mutating func addPlannedResults() {
        for programme in programmes.indices {
            for unit in programmes[programme].units.indices {
                let current = programmes[programme].units[unit]
                let sections = current.narrative
                let results = sections.filter { $0.heading == "2020 年重点计划成果" }
                guard let section = results.first else {
                    if performance[current.id] != nil { diagnose(current.line, "unit \(current.id) prints performance measures without a planned result") }
                    continue
                }
                if results.count > 1 { diagnose(results[1].line, "unit \(current.id) states a second planned result") }
                var paragraphs = section.paragraphs
                var title = ""
                if let first = paragraphs.first, first.number == nil {
                    title = first.text
                    paragraphs.removeFirst()
                } else {
                    diagnose(section.line, "planned result of \(current.id) has no title line")
                }
                let after = sections.drop { $0.id != section.id }.dropFirst()
                    .prefix { $0.heading != "2020 年重点计划成果" }
                func under(_ heading: String) -> [Paragraph] {
                    after.first { $0.heading == heading }?.paragraphs ?? []
                }
                programmes[programme].units[unit].plannedResult = PlannedResult(
                    id: PlannedResult.id(unitID: current.id), unitID: current.id, programme: current.programme,
                    title: title, paragraphs: paragraphs, challenge: under("挑战和对策"),
                    evidence: under("成果和证据"), performance: performance[current.id], line: section.line)
            }
        }
    }

    // MARK: - Text

    private mutating func startSection(_ heading: String, line: Int) {
        let owner = unit.map(Owner.unit) ?? .programme
        let ownerID: String
        let ordinal: Int
        switch owner {
        case .unit(let index):
            ownerID = currentProgramme.units[index].id
            ordinal = currentProgramme.units[index].narrative.count + 1
        default:
            ownerID = currentProgramme.id
            ordinal = currentProgramme.narrative.count + 1
        }
        let section = NarrativeSection(id: "\(ownerID).n\(ordinal)", heading: heading, line: line)
        switch owner {
        case .unit(let index): currentProgramme.units[index].narrative.append(section)
        default: currentProgramme.narrative.append(section)
        }
        sink = .narrative(owner: owner, section: ordinal - 1)
    }

    private mutating func addParagraph(_ paragraph: Paragraph) {
        if sink == .afterMeasures { startSection("", line: paragraph.line) }
        switch sink {
        case .none, .afterMeasures:
            diagnose(paragraph.line, "text outside any section: \(paragraph.text.prefix(40))")
        case .objective(let index):
            if var objective = currentProgramme.units[index].objective {
                objective.text += (paragraph.number == nil ? "" : "\n") + paragraph.text
                currentProgramme.units[index].objective = objective
            } else {
                let unitID = currentProgramme.units[index].id
                if paragraph.number == nil { diagnose(paragraph.line, "objective of \(unitID) has no paragraph number") }
                currentProgramme.units[index].objective = Objective(id: unitID + ".objective", paragraph: paragraph.number ?? "", text: paragraph.text, line: paragraph.line)
            }
        case .narrative(let owner, let section):
            switch owner {
            case .unit(let index): Self.append(paragraph, to: &currentProgramme.units[index].narrative[section])
            default: Self.append(paragraph, to: &currentProgramme.narrative[section])
            }
        }
    }

    /// Appends a paragraph, joining an unnumbered line to the paragraph before it when that one
    /// stops mid-sentence (the page broke inside it).
    private static func append(_ paragraph: Paragraph, to section: inout NarrativeSection) {
        if paragraph.number == nil, let last = section.paragraphs.last, !last.text.has("\t"),
            !paragraph.text.has("\t"), let end = last.text.last, !"。：:；;！？”)）".contains(end)
        {
            section.paragraphs[section.paragraphs.count - 1].text += paragraph.text
        } else {
            section.paragraphs.append(paragraph)
        }
    }

    // MARK: - Mandates

    private mutating func finishMandates() {
        guard var reader = mandateReader else { return }
        mandateReader = nil
        reader.finish()
        diagnostics += reader.diagnostics
        let ownerID: String
        switch mandateOwner {
        case .programme: ownerID = currentProgramme.id
        case .part(let index): ownerID = currentProgramme.parts[index].id
        case .unit(let index): ownerID = currentProgramme.units[index].id
        }
        let mandates = reader.mandates.enumerated().map { offset, mandate in
            Mandate(
                id: "\(ownerID).m\(offset + 1)", issuingBody: mandate.issuingBody, symbols: mandate.symbols,
                title: mandate.title, line: mandate.line, lines: mandate.lines)
        }
        switch mandateOwner {
        case .programme: currentProgramme.mandates += mandates
        case .part(let index): currentProgramme.parts[index].mandates += mandates
        case .unit(let index): currentProgramme.units[index].mandates += mandates
        }
    }

    private mutating func diagnose(_ line: Int, _ message: String) {
        diagnostics.append(Diagnostic(line: line, message: message))
    }
}
