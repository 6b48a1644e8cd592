//! TypeScript declarations for the wire types whose serde impls are written
//! by hand (open enums, open string enums, constant members).
//!
//! `tsify`'s derive reads serde's *derive* attributes, so it cannot see what
//! a hand-written impl reads and writes; the macro that writes the impl also
//! writes the declaration, with the `ts` feature, into the package's `.d.ts`
//! (wasm-bindgen's `typescript_custom_section`). Declarations are joined at
//! compile time by the `const fn`s below because some parts are constant
//! expressions rather than literals (an open enum's tag is optional on the
//! one variant that the decoder picks when the tag is missing).

/// Appends a declaration made of `&str` parts to the package's `.d.ts`
/// (nothing without the `ts` feature).
#[doc(hidden)]
#[macro_export]
macro_rules! ts_section {
    ($($part:expr),+ $(,)?) => {
        #[cfg(feature = "ts")]
        #[allow(dead_code)]
        const _: () = {
            const PARTS: &[&str] = &[$($part),+];
            const BYTES: [u8; $crate::models::ts::total_len(PARTS)] = $crate::models::ts::join(PARTS);
            #[::wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
            const TS: &str = $crate::models::ts::utf8(&BYTES);
        };
    };
}

/// One JSDoc line from one attribute of a declaration: a doc comment's text
/// (`#[doc = "..."]`), nothing for any other attribute.
#[doc(hidden)]
#[macro_export]
macro_rules! ts_doc_line {
    (doc = $text:literal) => {
        concat!(" *", $text, "\n")
    };
    ($($other:tt)*) => {
        ""
    };
}

#[doc(hidden)]
pub const fn total_len(parts: &[&str]) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < parts.len() {
        len += parts[i].len();
        i += 1;
    }
    len
}

#[doc(hidden)]
pub const fn join<const N: usize>(parts: &[&str]) -> [u8; N] {
    let mut out = [0; N];
    let mut at = 0;
    let mut i = 0;
    while i < parts.len() {
        let bytes = parts[i].as_bytes();
        let mut j = 0;
        while j < bytes.len() {
            out[at] = bytes[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// Only ever evaluated in `const` items (the declarations the macros build
/// from string literals), so its panic is a compile error, never a runtime
/// one.
#[doc(hidden)]
pub const fn utf8(bytes: &[u8]) -> &str {
    match core::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("a TypeScript declaration is not UTF-8"),
    }
}

#[doc(hidden)]
pub const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_parts_in_order() {
        const PARTS: &[&str] = &["export type A = ", "\"é\"", ";"];
        const BYTES: [u8; total_len(PARTS)] = join(PARTS);
        assert_eq!(utf8(&BYTES), "export type A = \"é\";");
    }

    #[test]
    fn compares_whole_strings() {
        assert!(same("MessageInput", "MessageInput"));
        assert!(!same("MessageInput", "MessageOutput"));
        assert!(!same("Message", "MessageInput"));
        assert!(!same("", "Base"));
    }

    #[test]
    fn keeps_doc_text_only() {
        assert_eq!(ts_doc_line!(doc = " A role."), " * A role.\n");
        assert_eq!(ts_doc_line!(derive(Default)), "");
    }
}
