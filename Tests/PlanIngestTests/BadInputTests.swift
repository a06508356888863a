import Foundation
import PlanIngest
import PlanModel
import Testing

@Suite("Bad input gets a clear error or diagnostics with line numbers, never a crash or a hang")
struct BadInputTests {
    private var documentText: String {
        String(decoding: try! fixtureDocument(), as: UTF8.self)
    }

    private func fixtureDocument() throws -> Data {
        try Data(contentsOf: repositoryRoot.appendingPathComponent("Data/programme-budget-2020.zh.txt"))
    }

    @Test("an empty file, or one of whitespace only")
    func empty() {
        #expect(throws: IngestError.emptyDocument) { try DocumentReader().read(data: Data()) }
        #expect(throws: IngestError.emptyDocument) { try DocumentReader().read(text: " \n\n\t\n") }
    }

    @Test("bytes that are not UTF-8 name the offset of the first bad byte")
    func notUTF8() {
        var data = Data("方案 1\n".utf8)
        let offset = data.count
        data.append(contentsOf: [0xFF, 0xFE, 0x41])
        #expect(throws: IngestError.notUTF8(offset: offset)) { try DocumentReader().read(data: data) }
    }

    @Test("binary garbage is refused")
    func binaryGarbage() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(throws: IngestError.self) { try DocumentReader().read(data: Data(bytes)) }
        }
        #expect(throws: IngestError.binaryContent(line: 2)) { try DocumentReader().read(text: "方案 1\nab\u{0}cd\n") }
    }

    @Test("text that is no programme budget")
    func notABudget() {
        #expect(throws: IngestError.noProgrammes) { try DocumentReader().read(text: "Lorem ipsum\n\ndolor sit amet\n") }
    }

    @Test("a document cut off mid-table keeps the rows read so far")
    func cutOffMidTable() throws {
        let lines = documentText.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.prefix(109).joined(separator: "\n")  // inside table 1.1
        let result = try DocumentReader().read(text: cut)
        #expect(result.catalogue.tables.count == 1)
        #expect(result.catalogue.tables[0].rows.count == 3)
    }

    @Test("a duplicated programme is reported with its line, and strict mode fails on it")
    func duplicatedSection() throws {
        let lines = documentText.split(separator: "\n", omittingEmptySubsequences: false)
        // Programme 5 (lines 1141–1192) printed twice.
        let programme5 = lines[1140..<1192]
        let duplicated = (lines[..<1192] + programme5 + lines[1192...]).joined(separator: "\n")
        let result = try DocumentReader().read(text: duplicated)
        #expect(result.diagnostics.contains { $0.line == 1193 && $0.message.contains("programme 5 appears a second time") })
        #expect(throws: IngestError.self) { try DocumentReader(strict: true).read(text: duplicated) }
    }

    @Test("shuffled programmes are reported by line")
    func shuffledSections() throws {
        let lines = documentText.split(separator: "\n", omittingEmptySubsequences: false)
        // Programme 6 (lines 1193–1869) moved before programme 5 (1141–1192).
        let shuffled = (lines[..<1140] + lines[1192..<1869] + lines[1140..<1192] + lines[1869...]).joined(separator: "\n")
        let result = try DocumentReader().read(text: shuffled)
        #expect(result.diagnostics.contains { $0.message.contains("programme 6 follows programme 4") })
        #expect(result.catalogue.tables.count == 141)
    }

    @Test("a table row with a cell that is no figure is a diagnostic naming the line and the column")
    func badFigure() throws {
        let text = document(table: quantifiedTable("议事机构文件(文件数目)\t1\tx7\t1\t1"))
        let result = try DocumentReader().read(text: text)
        let diagnostic = try #require(result.diagnostics.first)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("x7") }) + 1
        #expect(diagnostic.line == line)
        #expect(diagnostic.message.contains("actual_2018") && diagnostic.message.contains("x7"))
        #expect(throws: IngestError.diagnostics(result.diagnostics)) { try DocumentReader(strict: true).read(text: text) }
    }

    @Test("many random mutations of the document never crash or hang the reader")
    func randomMutations() async throws {
        var generator = SeededGenerator(seed: 2020)
        let lines = documentText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let noise = ["\t", "—", "表 9.9", "次级方案 3", "宗旨", "立法授权", "方案 99", "A. 协助政府间进程和专家机构", "量化的应交付产出", "1 2 3", "(", "^a"]
        for _ in 0..<60 {
            // Each reading takes a while in a debug build: let the other tests' tasks run between
            // them, rather than holding one of the few threads of the concurrency pool throughout.
            await Task.yield()
            var mutated = lines
            for _ in 0..<40 {
                let index = Int.random(in: 0..<mutated.count, using: &generator)
                switch Int.random(in: 0..<6, using: &generator) {
                case 0: mutated.remove(at: index)
                case 1: mutated.insert(mutated[Int.random(in: 0..<mutated.count, using: &generator)], at: index)
                case 2: mutated[index] = noise.randomElement(using: &generator)!
                case 3: mutated[index] += noise.randomElement(using: &generator)!
                case 4: mutated.swapAt(index, Int.random(in: 0..<mutated.count, using: &generator))
                default:
                    var characters = Array(mutated[index])
                    if !characters.isEmpty { characters.remove(at: Int.random(in: 0..<characters.count, using: &generator)) }
                    mutated[index] = String(characters)
                }
            }
            do {
                let result = try DocumentReader().read(text: mutated.joined(separator: "\n"))
                #expect(result.catalogue.rows.count < 1100)
                #expect(result.diagnostics.allSatisfy { $0.line >= 1 && $0.line <= mutated.count })
            } catch let error as IngestError {
                #expect(!error.description.isEmpty)
            }
        }
    }
}

/// A small deterministic random number generator (SplitMix64), so failures repeat.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
