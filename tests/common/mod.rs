pub mod shared;
pub mod spec;
pub mod ops;

/// One test per schema: the spec's examples and a synthesized maximal
/// instance decode as the type, re-encode unchanged, and validate.
#[allow(unused_macros)]
macro_rules! roundtrips {
    ($($test:ident: $ty:ty => $schema:literal;)+) => {
        $( #[test]
        fn $test() {
            assert!($crate::common::spec::roundtrip::<$ty>($schema) >= 1);
        } )+
    };
}
