import ArgumentParser
import SIPTrace

/// `siptrace compare 183 410`: two response codes side by side, with the
/// differences computed from their structured facts.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two SIP response codes side by side.",
        discussion: "Each code is a number from 100 to 699; an unregistered code is compared as its class."
    )

    @Argument(help: "The first response code.")
    var first: String

    @Argument(help: "The second response code.")
    var second: String

    @Option(name: .long, help: "Output format: \(CatalogFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: CatalogFormat = .text

    @Option(name: .long, help: "Wrap text to N columns (default: the terminal's width, else 80).")
    var width: Int?

    func run() throws {
        let columns = try catalogWidth(width)
        let comparison = Comparison(try Compare.entry(first), try Compare.entry(second))
        let output =
            format == .json
            ? CatalogJSON.comparison(comparison) + "\n"
            : CatalogText.comparison(comparison, width: columns)
        Terminal.standardOutput.write(output)
    }

    /// The entry for one argument, or the one-line usage error.
    static func entry(_ text: String) throws -> CatalogEntry {
        switch CatalogQuery(text) {
        case .code(let number)?:
            if let entry = Catalog.entry(for: number) { return entry }
        case .responseClass?:
            throw CommandFailure.usage("'\(text)' is a class; compare takes two codes from 100 to 699")
        case nil:
            break
        }
        throw CommandFailure.usage(CatalogQuery.invalidCode(text, allowClass: false))
    }
}
