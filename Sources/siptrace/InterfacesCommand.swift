import ArgumentParser
import SIPTrace

/// Output formats of `interfaces`.
enum InterfaceListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `siptrace interfaces`: what `live -i` can sniff, with addresses, so the user can
/// pick the interface that carries the SIP traffic.
struct Interfaces: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interfaces",
        abstract: "List the interfaces 'siptrace live' can sniff, with their addresses.",
        discussion: "The list is libpcap's (pcap_findalldevs); 'any' captures on all interfaces at once."
    )

    @Option(
        name: .long, help: "Output format: \(InterfaceListFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: InterfaceListFormat = .text

    func run() throws {
        let interfaces: [NetworkInterface]
        do {
            interfaces = try NetworkInterface.all()
        } catch {
            throw CommandFailure.input(error.description)
        }
        switch format {
        case .text: Terminal.standardOutput.write(Interfaces.text(interfaces))
        case .json: Terminal.standardOutput.write(Interfaces.json(interfaces))
        }
    }

    /// One line per interface: name, flags, addresses, then libpcap's description.
    static func text(_ interfaces: [NetworkInterface]) -> String {
        let rows = interfaces.map { i in
            [i.name, i.flagNames.joined(separator: ","), i.addresses.joined(separator: " "), i.description ?? ""]
        }
        var widths = [0, 0, 0]
        for row in rows {
            for column in 0..<3 { widths[column] = max(widths[column], row[column].count) }
        }
        var out = ""
        for row in rows {
            var line = ""
            for column in 0..<3 {
                line += row[column] + String(repeating: " ", count: widths[column] - row[column].count + 2)
            }
            line += row[3]
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    static func json(_ interfaces: [NetworkInterface]) -> String {
        var w = JSONWriter(pretty: true)
        w.beginArray()
        for i in interfaces {
            w.beginObject()
            w.field("name", i.name)
            w.field("description", i.description)
            w.field("addresses", strings: i.addresses)
            w.field("flags", strings: i.flagNames)
            w.endObject()
        }
        w.endArray()
        return w.output + "\n"
    }
}
