//! How many values the YAML holds once its aliases are expanded, counted
//! before any of them is built. Without aliases a file cannot hold more
//! values than it has bytes; a few kilobytes of aliases of aliases can
//! stand for millions of links, which the parser expands without a word.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, Visitor};

/// Values a page may hold per byte of its file: more than any file without
/// aliases reaches, so only expansion is refused.
pub(super) const VALUES_PER_BYTE: usize = 2;

/// Whether `yaml` expands to more than `cap` scalars, sequences and
/// mappings. The walk stops as soon as the count passes the cap, so it
/// costs at most the cap in steps. Syntax errors are not this walk's to
/// report: they count as fitting, and the real parse names them.
pub(super) fn expands_past(yaml: &str, cap: usize) -> bool {
    let count = Counter {
        seen: &Cell::new(0),
        cap,
        passed: &Cell::new(false),
    };
    let _ = count.deserialize(serde_norway::Deserializer::from_str(yaml));
    crate::diagnostics::work::add(count.seen.get());
    count.passed.get()
}

#[derive(Clone, Copy)]
struct Counter<'c> {
    seen: &'c Cell<usize>,
    cap: usize,
    passed: &'c Cell<bool>,
}

impl Counter<'_> {
    fn one<E: de::Error>(self) -> Result<(), E> {
        self.seen.set(self.seen.get() + 1);
        if self.seen.get() > self.cap {
            self.passed.set(true);
            return Err(E::custom("aliases expand the YAML too far"));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Counter<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Counter<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.one()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.one()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.one()
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.one()
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.one()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.one()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.one()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.one()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.one()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.one()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.one()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    /// A tagged value, `!tag value`: the value counts.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use de::VariantAccess;
        let (_, variant) = data.variant::<IgnoredAny>()?;
        variant.newtype_variant_seed(self)
    }
}
