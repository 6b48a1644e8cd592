pub mod spec;
pub mod ops;
