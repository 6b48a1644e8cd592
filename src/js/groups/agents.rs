//! `client.agents`.

use std::rc::Rc;

use js_sys::Promise;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::api::agents;
use crate::client::Mistral;
use crate::js::call;
use crate::js::convert::{from_js, from_js_or_default, string_arg};
use crate::models::AgentVersion;

#[wasm_bindgen]
pub struct Agents(pub(in crate::js) Rc<Mistral>);

/// The query of `get`.
#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct GetParams {
    agent_version: Option<AgentVersion>,
}

#[wasm_bindgen]
impl Agents {
    pub fn create(&self, body: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| agents::create(cfg, &from_js("body", &body)?))
    }

    pub fn list(&self, params: Option<JsValue>, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| agents::list(cfg, &from_js_or_default("params", params)?))
    }

    #[wasm_bindgen(js_name = listPages)]
    pub fn list_pages(&self, params: Option<JsValue>, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| agents::list_pages(cfg, &from_js_or_default("params", params)?))
    }

    pub fn get(&self, agent_id: JsValue, params: Option<JsValue>, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| {
            let params: GetParams = from_js_or_default("params", params)?;
            agents::get(cfg, &string_arg("agentId", &agent_id)?, params.agent_version.as_ref())
        })
    }

    pub fn update(&self, agent_id: JsValue, body: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| agents::update(cfg, &string_arg("agentId", &agent_id)?, &from_js("body", &body)?))
    }

    #[wasm_bindgen(js_name = updateVersion)]
    pub fn update_version(&self, agent_id: JsValue, version: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| {
            agents::update_version(cfg, &string_arg("agentId", &agent_id)?, from_js("version", &version)?)
        })
    }

    #[wasm_bindgen(js_name = delete)]
    pub fn delete_(&self, agent_id: JsValue, opts: Option<JsValue>) -> Promise {
        call::empty(&self.0, opts, |cfg| agents::delete(cfg, &string_arg("agentId", &agent_id)?))
    }

    #[wasm_bindgen(js_name = listVersions)]
    pub fn list_versions(&self, agent_id: JsValue, params: Option<JsValue>, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| {
            agents::list_versions(cfg, &string_arg("agentId", &agent_id)?, from_js_or_default("params", params)?)
        })
    }

    #[wasm_bindgen(js_name = getVersion)]
    pub fn get_version(&self, agent_id: JsValue, version: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| {
            agents::get_version(cfg, &string_arg("agentId", &agent_id)?, &from_js("version", &version)?)
        })
    }

    #[wasm_bindgen(js_name = listAliases)]
    pub fn list_aliases(&self, agent_id: JsValue, opts: Option<JsValue>) -> Promise {
        call::json(&self.0, opts, |cfg| agents::list_version_aliases(cfg, &string_arg("agentId", &agent_id)?))
    }

    #[wasm_bindgen(js_name = createOrUpdateAlias)]
    pub fn create_or_update_alias(
        &self,
        agent_id: JsValue,
        alias: JsValue,
        version: JsValue,
        opts: Option<JsValue>,
    ) -> Promise {
        call::json(&self.0, opts, |cfg| {
            let (id, alias) = (string_arg("agentId", &agent_id)?, string_arg("alias", &alias)?);
            agents::create_or_update_alias(cfg, &id, &alias, from_js("version", &version)?)
        })
    }

    #[wasm_bindgen(js_name = deleteAlias)]
    pub fn delete_alias(&self, agent_id: JsValue, alias: JsValue, opts: Option<JsValue>) -> Promise {
        call::empty(&self.0, opts, |cfg| {
            agents::delete_alias(cfg, &string_arg("agentId", &agent_id)?, &string_arg("alias", &alias)?)
        })
    }
}
