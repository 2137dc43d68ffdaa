"""Reading sendmail.mc text into the lossless tree and printing it back."""

from .parser import ParseResult, decode, encode, parse, parse_file, unparse

__all__ = ["ParseResult", "decode", "encode", "parse", "parse_file", "unparse"]
