//! `new Mistral(options)` and its API groups.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::convert::to_js_error;
use super::groups::{Agents, Chat, Connectors, Conversations, Models};
use super::options::client_config;
use crate::client::Mistral as Client;

/// The client. The groups are created once, so `client.agents` is the same
/// object on every access.
#[wasm_bindgen(js_name = Mistral)]
pub struct JsMistral {
    client: Rc<Client>,
    agents: JsValue,
    conversations: JsValue,
    connectors: JsValue,
    chat: JsValue,
    models: JsValue,
}

impl JsMistral {
    /// The Rust client behind the JS one.
    pub(crate) fn client(&self) -> Rc<Client> {
        self.client.clone()
    }
}

#[wasm_bindgen(js_class = Mistral)]
impl JsMistral {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsMistral, JsValue> {
        let client = Rc::new(Client::new(client_config(&options).map_err(to_js_error)?));
        Ok(JsMistral {
            client: client.clone(),
            agents: Agents(client.clone()).into(),
            conversations: Conversations(client.clone()).into(),
            connectors: Connectors(client.clone()).into(),
            chat: Chat(client.clone()).into(),
            models: Models(client).into(),
        })
    }

    #[wasm_bindgen(getter)]
    pub fn agents(&self) -> JsValue {
        self.agents.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn conversations(&self) -> JsValue {
        self.conversations.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn connectors(&self) -> JsValue {
        self.connectors.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn chat(&self) -> JsValue {
        self.chat.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn models(&self) -> JsValue {
        self.models.clone()
    }

    /// Never shows the key.
    #[wasm_bindgen(js_name = toString)]
    pub fn describe(&self) -> String {
        "Mistral {}".to_owned()
    }
}
