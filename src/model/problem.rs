//! `ErrorResponse`: the API's problem JSON. Every field is optional here: an error body must never
//! fail to parse, whatever the API (or a proxy in front of it) sends.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorResponse {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub problem_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalid_params: Option<Vec<InvalidParam>>,
    /// Some endpoints send this instead of `invalidParams`; its shape varies, so it is kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_details: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InvalidParam {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub reason: String,
}

impl ErrorResponse {
    /// Parses a problem body leniently: `None` when it is not a JSON object at all.
    pub fn parse(body: &str) -> Option<ErrorResponse> {
        let value: serde_json::Value = serde_json::from_str(body).ok()?;
        if !value.is_object() {
            return None;
        }
        serde_json::from_value(value).ok()
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
                    reason: reason
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| reason.to_string()),
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}
