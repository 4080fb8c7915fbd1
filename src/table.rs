//! A map kept as a list sorted by its keys, for the engine's small maps that are built once
//! and then read (regions, packs, calendars, registries).
//!
//! `BTreeMap` is the standard library's answer, and each of its key and value types compiles
//! several kilobytes of tree code into the `.wasm`; a sorted list needs a binary search and an
//! insertion, a few hundred bytes. Iteration is in key order, as a `BTreeMap`'s, and it reads and
//! writes as a map in serde formats (JSON objects, postcard maps), so it replaced one without
//! changing a byte of what is written.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;

/// A map sorted by key (see the module).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table<K, V> {
    items: Vec<(K, V)>,
}

impl<K, V> Default for Table<K, V> {
    fn default() -> Self {
        Table { items: Vec::new() }
    }
}

impl<K: Ord, V> Table<K, V> {
    /// An empty table.
    pub fn new() -> Self {
        Table::default()
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.items.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let at = self.find(key).ok()?;
        self.items.get(at).map(|(_, v)| v)
    }

    /// The value of `key`, to change.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        let at = self.find(key).ok()?;
        self.items.get_mut(at).map(|(_, v)| v)
    }

    /// Whether `key` has a value.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets the value of `key`, returning the one it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(at) => self
                .items
                .get_mut(at)
                .map(|(_, v)| std::mem::replace(v, value)),
            Err(at) => {
                self.items.insert(at, (key, value));
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let at = self.find(key).ok()?;
        (at < self.items.len()).then(|| self.items.remove(at).1)
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.items.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.items.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.items.iter().map(|(_, v)| v)
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it has no entries.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Table<K, V> {
    /// Later entries replace earlier ones of the same key, as in a `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut t = Table::new();
        for (k, v) in iter {
            t.insert(k, v);
        }
        t
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a Table<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Ord, V> IntoIterator for Table<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<K: Serialize, V: Serialize> Serialize for Table<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.items.len()))?;
        for (k, v) in &self.items {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Table<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for Entries<K, V> {
            type Value = Table<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut t = Table::new();
                while let Some((k, v)) = map.next_entry()? {
                    t.insert(k, v);
                }
                Ok(t)
            }
        }
        d.deserialize_map(Entries(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn reads_writes_and_orders_as_a_btreemap() {
        let pairs = [("b", 2), ("a", 1), ("c", 3), ("a", 4)];
        let ours: Table<String, i32> = pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        let std: BTreeMap<String, i32> = pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        assert_eq!(ours.len(), 3);
        assert_eq!(ours.get("a"), Some(&4));
        assert_eq!(ours.get("z"), None);
        assert!(ours.contains_key("c"));
        let o: Vec<_> = ours.iter().collect();
        let s: Vec<_> = std.iter().collect();
        assert_eq!(o, s);
        assert_eq!(
            serde_json::to_string(&ours).ok(),
            serde_json::to_string(&std).ok()
        );
        let back: Option<Table<String, i32>> = serde_json::from_str(r#"{"z": 1, "y": 2}"#).ok();
        assert_eq!(
            back.map(|t| t.keys().cloned().collect::<Vec<_>>()),
            Some(vec!["y".to_string(), "z".to_string()])
        );
        assert_eq!(
            postcard::to_allocvec(&ours).ok(),
            postcard::to_allocvec(&std).ok()
        );
    }
}
