/// A problem with the rules or with the captures named, found before any
/// verdict: the command ends with exit code 2 and prints `message`, one line
/// that names the file and line, or the flag, at fault.
public struct CheckError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
