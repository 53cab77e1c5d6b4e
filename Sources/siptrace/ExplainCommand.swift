import ArgumentParser
import SIPTrace

/// Output formats of `explain` and `compare`.
enum CatalogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `siptrace explain 183`, `explain 4xx`, `explain --list`: the response-code
/// catalog, for a terminal or as JSON.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a SIP response code, a class of codes, or list them all.",
        discussion: "CODE is a number from 100 to 699 (183) or a class (4xx). A code that IANA does not register "
            + "is explained by its class."
    )

    @Argument(help: "A response code (183) or a class (4xx).")
    var code: String?

    @Flag(name: .long, help: "List every registered code.")
    var list = false

    @Option(name: .long, help: "Output format: \(CatalogFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: CatalogFormat = .text

    @Option(name: .long, help: "Wrap text to N columns (default: the terminal's width, else 80).")
    var width: Int?

    func run() throws {
        let columns = try catalogWidth(width)
        let output: String
        switch (code, list) {
        case (nil, true):
            output = format == .json ? CatalogJSON.list() + "\n" : CatalogText.list(width: columns)
        case (nil, false):
            throw CommandFailure.usage("explain needs a code (183), a class (4xx) or --list")
        case (.some, true):
            throw CommandFailure.usage("explain takes a code or --list, not both")
        case (.some(let text), false):
            switch CatalogQuery(text) {
            case .code(let number)?:
                guard let entry = Catalog.entry(for: number) else {
                    throw CommandFailure.usage(CatalogQuery.invalidCode(text))
                }
                output = format == .json ? CatalogJSON.entry(entry) + "\n" : CatalogText.entry(entry, width: columns)
            case .responseClass(let responseClass)?:
                output =
                    format == .json
                    ? CatalogJSON.responseClass(responseClass) + "\n"
                    : CatalogText.responseClass(responseClass, width: columns)
            case nil:
                throw CommandFailure.usage(CatalogQuery.invalidCode(text))
            }
        }
        Terminal.standardOutput.write(output)
    }
}

/// The width to wrap catalog text to: `--width`, else the terminal's, else 80.
func catalogWidth(_ requested: Int?) throws -> Int {
    guard let requested else { return Terminal.standardOutput.width ?? 80 }
    guard requested >= CatalogText.minimumWidth else {
        throw CommandFailure.usage("--width must be at least \(CatalogText.minimumWidth) columns")
    }
    return requested
}
