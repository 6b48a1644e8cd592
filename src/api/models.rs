//! `/v1/models`: list the models available to the key, read one model's
//! card, delete a fine-tuned model.

use super::call::Call;
use super::request::{path_param, ApiConfig, Method};
use crate::error::Error;
use crate::models::{DeleteModelResponse, ModelCard, ModelList};

/// Filters of [`list`].
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListModelsParams {
    /// Only models of this provider.
    pub provider: Option<String>,
    /// Only this model (id or alias).
    pub model: Option<String>,
}

/// `GET /v1/models`.
pub fn list(cfg: &ApiConfig, params: &ListModelsParams) -> Result<Call<ModelList>, Error> {
    let req = cfg
        .request(Method::Get, "/v1/models")
        .query("provider", params.provider.as_deref())
        .query("model", params.model.as_deref())
        .build();
    Ok(Call::json(req, "ModelList"))
}

/// `GET /v1/models/{model_id}`: a base or fine-tuned card. Fine-tuned ids
/// contain `:`, which is percent-encoded like any reserved character.
pub fn retrieve(cfg: &ApiConfig, model_id: &str) -> Result<Call<ModelCard>, Error> {
    let path = format!("/v1/models/{}", path_param("model_id", model_id)?);
    Ok(Call::json(cfg.request(Method::Get, &path).build(), "ModelCard"))
}

/// `DELETE /v1/models/{model_id}` (fine-tuned models only). Answers 200
/// with a body, unlike most deletes.
pub fn delete(cfg: &ApiConfig, model_id: &str) -> Result<Call<DeleteModelResponse>, Error> {
    let path = format!("/v1/models/{}", path_param("model_id", model_id)?);
    Ok(Call::json(cfg.request(Method::Delete, &path).build(), "DeleteModelResponse"))
}
