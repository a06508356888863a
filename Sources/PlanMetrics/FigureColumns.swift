import PlanModel

/// How a figure is stored in a `recording` table, SQLite or PostgreSQL: a kind column (`number`,
/// `dash` or `blank`) and a number column set for a number only.
enum FigureColumns {
    /// A figure's columns: kind `number`, `dash` or `blank`, and the number if it is one.
    static func columns(_ figure: Figure) -> (kind: String, number: Int?) {
        switch figure {
        case .number(let value): ("number", value)
        case .dash: ("dash", nil)
        case .blank: ("blank", nil)
        }
    }

    /// The figure a kind and number column hold.
    static func figure(kind: String, number: Int?) -> Figure {
        switch kind {
        case "number": number.map(Figure.number) ?? .blank
        case "dash": .dash
        default: .blank
        }
    }
}
