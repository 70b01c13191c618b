import FanoutCore

extension ToolCall {
    /// What can be known before the call runs about why `parameters` refuse its arguments: names,
    /// and the types of values given outright (a reference's value comes only when its call ends).
    func argumentsProblem(against parameters: JSONSchema) -> String? {
        var known = JSONObject(), pending: Set<String> = []
        for (key, argument) in arguments {
            switch argument {
            case .value(let value): known[key] = value
            case .reference:
                known[key] = .null
                pending.insert(key)
            }
        }
        return parameters.argumentsProblem(known, pending: pending)
    }
}
