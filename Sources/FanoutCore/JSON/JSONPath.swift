/// A path into a JSON value, such as `orders[0].product`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path: an object key or an array index.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The steps, outermost first. An empty path means the whole value.
    public var components: [Component]

    /// A path of `components`; empty for the whole value.
    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// Parses path text such as `orders[0].product` or `.orders[0]` (a leading dot is allowed).
    ///
    /// Keys are runs of characters other than `.` and `[`; indexes are non-negative integers in brackets.
    public init(parsing text: String) throws(JSONPathError) {
        var components: [Component] = []
        var characters = Substring(text)
        // A dot, leading or not, is always followed by a key: `.` alone or `.[0]` is a slip.
        var expectKey = characters.first == "."
        if expectKey {
            characters = characters.dropFirst()
        } else {
            expectKey = !characters.isEmpty && characters.first != "["
        }
        while !characters.isEmpty || expectKey {
            if characters.first == "[" {
                guard !expectKey else { throw JSONPathError(message: "empty key in path \(text.quotedExcerpt)") }
                guard let close = characters.firstIndex(of: "]") else {
                    throw JSONPathError(message: "missing ']' in path \(text.quotedExcerpt)")
                }
                let digits = characters[characters.index(after: characters.startIndex)..<close]
                guard let index = Int(digits), index >= 0 else {
                    throw JSONPathError(message: "'[\(digits)]' is not an array index in path \(text.quotedExcerpt): use a number like [0]")
                }
                components.append(.index(index))
                characters = characters[characters.index(after: close)...]
                expectKey = false
                if characters.first == "." {
                    characters = characters.dropFirst()
                    expectKey = true
                } else if let next = characters.first, next != "[" {
                    throw JSONPathError(message: "expected '.' or '[' after ']' in path \(text.quotedExcerpt), found \(String(next).quotedExcerpt)")
                }
                continue
            }
            let end = characters.firstIndex(where: { $0 == "." || $0 == "[" }) ?? characters.endIndex
            let key = characters[..<end]
            guard !key.isEmpty else { throw JSONPathError(message: "empty key in path \(text.quotedExcerpt)") }
            components.append(.key(String(key)))
            characters = characters[end...]
            expectKey = false
            if characters.first == "." {
                characters = characters.dropFirst()
                expectKey = true
            }
        }
        self.components = components
    }

    /// The path as text: `orders[0].product`.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}

/// A malformed path.
public struct JSONPathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What did not resolve, and why.
    public var message: String
    /// The ``message``.
    public var description: String { message }
}

extension JSONValue {
    /// The value at `path`, or `nil` when a key or index along it does not exist.
    public subscript(path path: JSONPath) -> JSONValue? {
        var value = self
        for component in path.components {
            switch (component, value) {
            case (.key(let key), .object(let object)):
                guard let next = object[key] else { return nil }
                value = next
            case (.index(let index), .array(let elements)):
                guard index < elements.count else { return nil }
                value = elements[index]
            default:
                return nil
            }
        }
        return value
    }

    /// Looks up `path`, explaining which step failed when it does not resolve.
    /// - Parameters:
    ///   - path: where to look.
    ///   - root: what to call the value itself in messages, e.g. `the result of call_2 (get_orders)`.
    public func lookup(_ path: JSONPath, root: String = "the result") -> Result<JSONValue, JSONPathError> {
        var value = self
        var walked = JSONPath()
        for component in path.components {
            switch (component, value) {
            case (.key(let key), .object(let object)):
                guard let next = object[key] else {
                    let known = object.keys.prefix(8).joined(separator: ", ")
                    let place = walked.components.isEmpty ? root : String(describing: walked).quotedExcerpt
                    let hint = object.isEmpty ? "it is an empty object" : "it has: \(known)"
                    let guess = Suggestions.didYouMean(key, in: Array(object.keys))
                    return .failure(JSONPathError(message: "\(place) has no key \(key.quotedExcerpt)\(guess) (\(hint))"))
                }
                value = next
            case (.index(let index), .array(let elements)):
                guard index < elements.count else {
                    let place = walked.components.isEmpty ? root : String(describing: walked).quotedExcerpt
                    return .failure(JSONPathError(message: "\(place) has no index [\(index)] (it has \(elements.count) elements)"))
                }
                value = elements[index]
            case (.key(let key), _):
                let place = walked.components.isEmpty ? root : String(describing: walked).quotedExcerpt
                return .failure(JSONPathError(message: "\(place) is \(value.typeDescription), not an object, so it has no key \(key.quotedExcerpt)"))
            case (.index(let index), _):
                let place = walked.components.isEmpty ? root : String(describing: walked).quotedExcerpt
                return .failure(JSONPathError(message: "\(place) is \(value.typeDescription), not an array, so it has no index [\(index)]"))
            }
            walked.components.append(component)
        }
        return .success(value)
    }
}
