import Calls
import Yams

/// Reads a rules file: YAML with a `rules:` mapping of rule names to bounds and
/// a `calls:` list of per-call expectations (the README's section on `check`
/// shows one).
///
/// Parsed with Yams' `compose`, which keeps each node's line, so every mistake
/// is reported as `FILE:LINE: what is wrong` with the rule or field named: a
/// CI job that fails on a typo must say where the typo is.
public enum RulesFile {
    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(CheckError) -> [Rule] {
        try parse(try FileText.read(path, what: "rules file"), file: path)
    }

    /// Parses `text`; `file` names it in error messages.
    public static func parse(_ text: String, file: String) throws(CheckError) -> [Rule] {
        let root: Node?
        do {
            root = try compose(yaml: text)
        } catch let error as YamlError {
            throw CheckError(describe(error, file: file))
        } catch {
            throw CheckError("\(file): \(error)")
        }
        guard let root else { return [] }
        guard let top = root.mapping else {
            throw problem(file, root, "expected a mapping with 'rules' and 'calls' at the top")
        }
        var rules: [Rule] = []
        for (key, value) in top {
            switch key.string {
            case "rules": rules += try ruleSection(value, file: file)
            case "calls": rules += try callSection(value, file: file)
            default:
                throw problem(file, key, "unknown section '\(key.string ?? "?")' (known: rules, calls)")
            }
        }
        return rules
    }

    private static func ruleSection(_ node: Node, file: String) throws(CheckError) -> [Rule] {
        if isNull(node) { return [] }
        guard let mapping = node.mapping else {
            throw problem(file, node, "'rules' must be a mapping of rule names to values, like 'min_ser: 0.95'")
        }
        var rules: [Rule] = []
        var seen: Set<String> = []
        for (key, value) in mapping {
            let name = key.string ?? "?"
            let input = try ruleValue(value, name: name, file: file)
            let parsed: Rule?
            do {
                parsed = try RuleParser.rule(named: name, value: input)
            } catch {
                switch error {
                case .unknownName:
                    let known = Rule.knownNames.joined(separator: ", ")
                    throw problem(file, key, "unknown rule '\(name)' (known: \(known))")
                case .badValue(let why):
                    throw problem(file, value, "\(name): \(why)")
                }
            }
            guard let rule = parsed else { continue }
            guard seen.insert(rule.name).inserted else {
                throw problem(file, key, "rule '\(name)' given twice")
            }
            rules.append(rule)
        }
        return rules
    }

    private static func ruleValue(_ node: Node, name: String, file: String) throws(CheckError) -> RuleParser.Value {
        switch node {
        case .scalar(let scalar): return .scalar(scalar.string)
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard let s = item.scalar?.string else {
                    throw problem(file, item, "\(name): expects plain values in its list")
                }
                items.append(s)
            }
            return .list(items)
        case .mapping:
            throw problem(file, node, "\(name): expects a value, not a mapping")
        }
    }

    private static func callSection(_ node: Node, file: String) throws(CheckError) -> [Rule] {
        if isNull(node) { return [] }
        guard let sequence = node.sequence else {
            throw problem(file, node, "'calls' must be a list of expectations, like '- to: gone' then 'final: 410'")
        }
        var rules: [Rule] = []
        for entry in sequence {
            rules.append(.expect(try expectation(entry, file: file)))
        }
        return rules
    }

    private static func expectation(_ node: Node, file: String) throws(CheckError) -> CallExpectation {
        guard let mapping = node.mapping else {
            throw problem(file, node, "a call expectation must be a mapping, like '- to: gone' then 'final: 410'")
        }
        var selectors: [CallSelector] = []
        var e = CallExpectation(selector: .index(1))
        for (key, value) in mapping {
            let field = key.string ?? "?"
            let text = value.scalar?.string
            func bad(_ why: String) -> CheckError { problem(file, value, "\(field): \(why)") }
            switch field {
            case "call_id", "from", "to":
                guard let text, !text.isEmpty else { throw bad("expects a value") }
                selectors.append(field == "call_id" ? .callID(text) : field == "from" ? .fromUser(text) : .toUser(text))
            case "from_regex", "to_regex":
                guard let text, !text.isEmpty else { throw bad("expects a regular expression") }
                if let error = CallSelector.patternError(text) { throw bad("bad regular expression: \(error)") }
                selectors.append(field == "from_regex" ? .fromPattern(text) : .toPattern(text))
            case "index":
                guard let text, let n = Int(text), n >= 1 else { throw bad("expects a call number from 1") }
                selectors.append(.index(n))
            case "outcome":
                guard let text, let outcome = CallOutcome(rawValue: text) else {
                    let known = CallOutcome.allCases.map(\.rawValue).joined(separator: ", ")
                    throw bad("expects one of \(known)")
                }
                e.outcome = outcome
            case "final":
                guard let text, let status = StatusPattern.parse(text) else {
                    throw bad("expects a status code or class, like 410 or 4xx")
                }
                e.finalStatus = status
            case "early_media":
                guard text == "true" || text == "false" else { throw bad("expects true or false") }
                e.earlyMedia = text == "true"
            case "responses":
                e.responses = try codes(value, field: field, file: file)
            default:
                let known = (Rule.callSelectorFields + Rule.callExpectationFields).joined(separator: ", ")
                throw problem(file, key, "unknown call field '\(field)' (known: \(known))")
            }
        }
        guard selectors.count == 1 else {
            let which = Rule.callSelectorFields.joined(separator: ", ")
            throw problem(file, node, "a call expectation needs exactly one of \(which); found \(selectors.count)")
        }
        e.selector = selectors[0]
        if e.isEmpty {
            let which = Rule.callExpectationFields.joined(separator: ", ")
            throw problem(file, node, "call \(e.selector) expects nothing; give \(which)")
        }
        return e
    }

    private static func codes(_ node: Node, field: String, file: String) throws(CheckError) -> [Int] {
        guard let sequence = node.sequence, sequence.count > 0 else {
            throw problem(file, node, "\(field): expects a list of status codes, like [100, 183, 200]")
        }
        var codes: [Int] = []
        for item in sequence {
            guard let text = item.scalar?.string, let code = Int(text), (100...699).contains(code) else {
                throw problem(file, item, "\(field): '\(item.scalar?.string ?? "?")' is not a status code")
            }
            codes.append(code)
        }
        return codes
    }

    private static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.style == .plain && (scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null")
    }

    private static func problem(_ file: String, _ node: Node, _ message: String) -> CheckError {
        CheckError("\(file):\(node.mark?.line ?? 1): \(message)")
    }

    /// Yams' errors as `FILE:LINE: problem`, the context (what was being read
    /// when it went wrong) after it.
    static func describe(_ error: YamlError, file: String) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "\(file):\(mark.line): invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return message
        case .reader(let problem, _, _, _):
            return "\(file): invalid YAML: \(problem)"
        default:
            return "\(file): invalid YAML: \(error)"
        }
    }
}
