// The system libxml2 (Debian: libxml2-dev); the include path comes from pkg-config `libxml-2.0`.
// Its push parser reads MS Project XML in chunks (Sources/PMOStore/Import/XMLTree.swift).
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, whose headers clash with the ICU that Foundation bundles.
// ICU appears only in the tail of xmlCharEncodingHandler (two pointers), which pmo never
// touches, so the headers are read without it.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
