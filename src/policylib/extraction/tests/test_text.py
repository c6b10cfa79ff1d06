from policylib.extraction.text import decode, normalise, split_pages


def test_normalise_removes_controls_and_folds_whitespace():
    text = "Cafe\u0301\x00 policy\x07\t\t here  \r\n\r\n\r\n\r\nNext\u00adline \u200bend"
    assert normalise(text) == "Café policy here\n\nNextline end"


def test_decode_utf8_bom_and_latin1():
    assert decode("Viagénie".encode()) == "Viagénie"
    assert decode(b"\xef\xbb\xbfHello") == "Hello"
    assert decode(b"Viag\xe9nie") == "Viagénie"
    assert decode(b"\x93quoted\x94") == "\u201cquoted\u201d"
    assert decode("héllo".encode("utf-16")) == "héllo"


def test_form_feeds_are_page_breaks():
    assert split_pages("one\n\x0ctwo\x0c\x0cfour\x0c") == ["one", "two", "", "four"]
