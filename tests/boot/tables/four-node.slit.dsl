/*
 * four-node.slit.dsl - golden SLIT: 4 x 4 localities.
 * Compiled with iasl at test time (tests/boot/run-iasl.sh); iasl fills in
 * Table Length and Checksum.
 */
[0004]                          Signature : "SLIT"    [System Locality Information Table]
[0004]                       Table Length : 00000000
[0001]                           Revision : 01
[0001]                           Checksum : 00
[0006]                             Oem ID : "BM2TST"
[0008]                       Oem Table ID : "FOURNODE"
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "INTL"
[0004]              Asl Compiler Revision : 20200925

[0008]                         Localities : 0000000000000004
[0004]                       Locality   0 : 0A 10 16 16
[0004]                       Locality   1 : 10 0A 16 16
[0004]                       Locality   2 : 16 16 0A 10
[0004]                       Locality   3 : 16 16 10 0A
