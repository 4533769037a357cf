//! Tera templates + Fluent UI strings → HTML documents.

pub mod templates;

pub use templates::Templates;
