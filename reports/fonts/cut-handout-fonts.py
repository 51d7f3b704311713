"""Cuts a TrueType font down to the characters Limber's PDF writer can address.

Handouts set text in single-byte encodings (reports/TextEncodings.cpp lists them, in the same
order as ENCODINGS below), switching encoding per run of text. A font that holds only the
characters of those encodings loads in a fraction of a millisecond per document and embeds in
about 20 KB, where the whole font costs milliseconds and about 90 KB (TRAPS.md, libharu).

Usage: cut-handout-fonts.py SOURCE.ttf OUTPUT.ttf
"""
import sys

from fontTools import subset
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables import ttProgram

# Python's names for the encodings of reports/TextEncodings.cpp.
ENCODINGS = ["cp1252", "cp1250", "cp1257", "cp1254", "iso8859_16", "cp1253", "cp1251"]


def characters():
    found = set()
    for encoding in ENCODINGS:
        for byte in range(0x20, 0x100):
            try:
                found.add(ord(bytes([byte]).decode(encoding)))
            except UnicodeDecodeError:
                pass
    return found


def main(source, output):
    options = subset.Options()
    # Hinting and layout tables are of no use to a PDF viewer reading a simple font.
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM", "DSIG"]
    # The PDF names glyphs through its own encoding tables: the font's glyph names and most of
    # its name table (the long licence text stays in the source package) are dead weight.
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    options.glyph_names = False
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters())
    subsetter.subset(font)
    add_last_table(font)
    rename(font, output)
    font.save(output)


def rename(font, output):
    """Names the cut font after its file (HandoutSans, HandoutSans-Bold).

    libharu keeps one font definition per PostScript name in a document: with the source's name
    (DejaVuSans) a fallback font loaded from the whole DejaVu Sans file would be given the cut
    font's glyphs, and every character only the fallback has would print as an empty box.
    A modified Bitstream Vera derivative must not keep the original names either.
    """
    postscript = output.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    family = postscript.split("-")[0]
    style = "Bold" if postscript.endswith("-Bold") else "Book"
    names = {1: family, 3: postscript, 4: family + (" Bold" if style == "Bold" else ""),
             6: postscript}
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]


def add_last_table(font):
    """Gives the font a 'prep' table of one harmless instruction.

    libharu 2.3.0 rewrites an embedded font table by table in the order cmap ... post, prep;
    a table the font lacks is written empty at the end of what came before. It then seeks to
    each table's start to sum it, and a seek to the very end of its buffer fails (libharu error
    0x1033) whenever the bytes before an empty last table are an exact multiple of its 4096-byte
    blocks, which depends on the characters a document uses. With 'prep' present the last table
    is never empty.
    """
    if "prep" in font:
        return
    prep = newTable("prep")
    prep.program = ttProgram.Program()
    prep.program.fromBytecode(bytes([0xB0, 0x00, 0x21]))  # PUSHB[0] 0, POP: changes nothing
    font["prep"] = prep


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
