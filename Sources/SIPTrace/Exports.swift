// The `SIPTrace` library product: one import gives a program every stage's types.
@_exported import Calls
@_exported import Capture
@_exported import Catalog
@_exported import Decode
@_exported import Report
@_exported import SIP
