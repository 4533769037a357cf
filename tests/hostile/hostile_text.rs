//! Text from an old urls.json or a translator's XLIFF never becomes markup or front matter of its own.

use super::*;
