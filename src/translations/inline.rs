//! The pieces of a translation unit's text, shared by the segmenter and
//! the emphasis pairing it calls.

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Inline {
    Text(String),
    /// Protected: the translator moves it but never changes it.
    Code(String),
    /// The opening and closing markers of bold or italic (`**`, `_`, …):
    /// a paired code, moved with the words between them.
    Open(String),
    Close(String),
}
