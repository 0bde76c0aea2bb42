//! `ErrorResponse`: the API's problem JSON. Every field is optional here: an error body must never
//! fail to parse, whatever the API (or a proxy in front of it) sends.

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::json::{Arena, JsonValue};
use crate::write_json::{ObjectWriter, WriteJson, write_str};

/// The API's problem JSON (RFC 7807): what an error answer's body says.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ErrorResponse {
    /// A URI naming the kind of problem (`type` in JSON).
    #[cfg_attr(
        feature = "serde",
        serde(default, rename = "type", skip_serializing_if = "Option::is_none")
    )]
    pub problem_type: Option<String>,
    /// A short summary.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub title: Option<String>,
    /// What went wrong in this case.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub detail: Option<String>,
    /// An id of this occurrence (for Vipps support).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub instance: Option<String>,
    /// The request's fields that were not accepted.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub invalid_params: Option<Vec<InvalidParam>>,
    /// Some endpoints send this instead of `invalidParams`; its shape varies, so it is kept as JSON.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub extra_details: Option<serde_json::Value>,
}

/// One field the API did not accept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct InvalidParam {
    /// The field's path, as the API names it (`orderLines[1].totalTaxAmount`, `$` for the body).
    #[cfg_attr(feature = "serde", serde(default))]
    pub name: String,
    /// Why it was not accepted.
    #[cfg_attr(feature = "serde", serde(default))]
    pub reason: String,
}

impl ErrorResponse {
    /// Parses a problem body leniently: `None` when it is not a JSON object at all. A field of
    /// the wrong type is dropped, not the whole problem (`"detail": 5` keeps the title); an
    /// `invalidParams` entry without a string `name` is dropped, a non-string `reason` is "".
    pub fn parse(body: &str) -> Option<ErrorResponse> {
        // The hardened reader: bounded depth, BOM skipped, duplicate keys read as the last.
        let arena = Arena::new();
        let parsed = crate::json::read_tree(&arena, body).ok()?;
        let JsonValue::Object(map) = &parsed.value else {
            return None;
        };
        let text = |key: &str| map.get(key).and_then(JsonValue::as_str).map(str::to_owned);
        let invalid_params = match map.get("invalidParams") {
            Some(JsonValue::Array(items)) => Some(items),
            _ => None,
        }
        .map(|items| {
            items
                .iter()
                .filter_map(|item| {
                    let JsonValue::Object(item) = item else {
                        return None;
                    };
                    Some(InvalidParam {
                        name: item.get("name")?.as_str()?.to_owned(),
                        reason: item
                            .get("reason")
                            .and_then(|r| r.as_str())
                            .unwrap_or("")
                            .to_owned(),
                    })
                })
                .collect()
        });
        Some(ErrorResponse {
            problem_type: text("type"),
            title: text("title"),
            detail: text("detail"),
            instance: text("instance"),
            invalid_params,
            extra_details: map
                .get("extraDetails")
                .filter(|v| !v.is_null())
                .map(JsonValue::to_serde),
        })
    }

    /// The field problems from `invalidParams`, or from `extraDetails` when it has the same shape.
    pub fn field_problems(&self) -> Vec<InvalidParam> {
        if let Some(params) = &self.invalid_params {
            return params.clone();
        }
        match &self.extra_details {
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(|item| {
                    let name = item.get("name").or_else(|| item.get("field"))?.as_str()?;
                    let reason = item
                        .get("reason")
                        .or_else(|| item.get("message"))
                        .and_then(|r| r.as_str())
                        .unwrap_or("");
                    Some(InvalidParam {
                        name: name.to_owned(),
                        reason: reason.to_owned(),
                    })
                })
                .collect(),
            Some(serde_json::Value::Object(map)) => map
                .iter()
                .map(|(name, reason)| InvalidParam {
                    name: name.clone(),
                    // Not a string: its JSON text, as `Value`'s `Display` writes it.
                    reason: reason
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| reason.to_json()),
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl WriteJson for ErrorResponse {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("type", &self.problem_type)
            .optional("title", &self.title)
            .optional("detail", &self.detail)
            .optional("instance", &self.instance)
            .optional("invalidParams", &self.invalid_params)
            .optional("extraDetails", &self.extra_details)
            .end();
    }
}

impl WriteJson for InvalidParam {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("name", &self.name)
            .field("reason", &self.reason)
            .end();
    }
}

/// `extraDetails` as it was read (any JSON), written as `serde_json::to_string` writes it: keys
/// in the map's order and escaped, numbers as `Number`'s `Display` (the serializer's own digits).
impl WriteJson for serde_json::Value {
    fn write_json(&self, out: &mut String) {
        use serde_json::Value;
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(flag) => flag.write_json(out),
            Value::Number(number) => out.push_str(&number.to_string()),
            Value::String(text) => write_str(out, text),
            Value::Array(items) => items.write_json(out),
            Value::Object(map) => {
                out.push('{');
                for (index, (key, value)) in map.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    write_str(out, key);
                    out.push(':');
                    value.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::*;
    use crate::write_json::WriteJson;

    /// The problem as the client hands it to JS (`error.problem`) is what serde_json wrote
    /// before: same fields, order, escapes and number digits.
    #[test]
    fn a_problem_is_written_as_serde_json_writes_it() {
        for body in [
            r#"{"type":"about:blank","title":"Bad \"x\"\n","detail":"d","instance":"i","invalidParams":[{"name":"a","reason":"r"},{"name":"b"}],"extraDetails":{"z":[1,-2,0.5,1e300,18446744073709551615,null,true,"\u0001ø"],"a":{}}}"#,
            r#"{"title":"t","extraDetails":[{"name":"imageId","reason":"Duplicate"}]}"#,
            r#"{"detail":5,"extraDetails":null}"#,
            r#"{}"#,
        ] {
            let problem = ErrorResponse::parse(body).expect("a problem");
            assert_eq!(
                problem.to_json(),
                serde_json::to_string(&problem).unwrap(),
                "{body}"
            );
        }
        // `extraDetails` holds what serde_json reads from the same text.
        let text = r#"{"extraDetails":{"b":[1,{"y":2,"x":null}],"a":-0.5,"b":{"c":"d"}}}"#;
        assert_eq!(
            ErrorResponse::parse(text).expect("a problem").extra_details,
            serde_json::from_str::<serde_json::Value>(text).unwrap()["extraDetails"]
                .clone()
                .into()
        );
        // A field problem whose reason is not a string shows its JSON text, as before.
        let problem =
            ErrorResponse::parse(r#"{"extraDetails":{"a":1.5e-7,"b":{"x":[true,"\u00e6\n"]}}}"#)
                .expect("a problem");
        let reasons: Vec<String> = problem
            .field_problems()
            .into_iter()
            .map(|p| p.reason)
            .collect();
        assert_eq!(reasons, ["1.5e-7", r#"{"x":[true,"æ\n"]}"#]);
    }
}
