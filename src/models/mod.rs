//! Wire types of Mistral's API, named after the schemas of the official
//! OpenAPI spec (`components/schemas/<Name>` is `models::<Name>`), one file per
//! API group. Server-sent tagged unions are open (see [`open_enum`]).

#[macro_use]
pub mod open_enum;
