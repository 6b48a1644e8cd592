//! `client.models()`: the model cards the key can use.

use super::Mistral;
use crate::api::models::{self, ListModelsParams};
use crate::error::Error;
use crate::http::CallOptions;
use crate::models::{DeleteModelResponse, ModelCard, ModelList};

/// Borrowed from [`Mistral::models`].
#[derive(Debug, Clone, Copy)]
pub struct Models<'a>(pub(super) &'a Mistral);

impl Models<'_> {
    pub async fn list(&self, params: &ListModelsParams, opts: CallOptions) -> Result<ModelList, Error> {
        self.0.send(models::list(&self.0.api, params), opts).await
    }

    pub async fn retrieve(&self, model_id: &str, opts: CallOptions) -> Result<ModelCard, Error> {
        self.0.send(models::retrieve(&self.0.api, model_id), opts).await
    }

    /// Fine-tuned models only.
    pub async fn delete(&self, model_id: &str, opts: CallOptions) -> Result<DeleteModelResponse, Error> {
        self.0.send(models::delete(&self.0.api, model_id), opts).await
    }
}
