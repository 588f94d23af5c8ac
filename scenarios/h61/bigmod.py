import math
RATE = 3

def f0(x, y=2):
    '''doc 0'''
    z = x * RATE + 0
    return math.sqrt(z) + y

def f1(x, y=2):
    '''doc 1'''
    z = x * RATE + 1
    return math.sqrt(z) + y

def f2(x, y=2):
    '''doc 2'''
    z = x * RATE + 2
    return math.sqrt(z) + y

def f3(x, y=2):
    '''doc 3'''
    z = x * RATE + 3
    return math.sqrt(z) + y

def f4(x, y=2):
    '''doc 4'''
    z = x * RATE + 4
    return math.sqrt(z) + y

def f5(x, y=2):
    '''doc 5'''
    z = x * RATE + 5
    return math.sqrt(z) + y

def f6(x, y=2):
    '''doc 6'''
    z = x * RATE + 6
    return math.sqrt(z) + y

def f7(x, y=2):
    '''doc 7'''
    z = x * RATE + 7
    return math.sqrt(z) + y

def f8(x, y=2):
    '''doc 8'''
    z = x * RATE + 8
    return math.sqrt(z) + y

def f9(x, y=2):
    '''doc 9'''
    z = x * RATE + 9
    return math.sqrt(z) + y

def f10(x, y=2):
    '''doc 10'''
    z = x * RATE + 10
    return math.sqrt(z) + y

def f11(x, y=2):
    '''doc 11'''
    z = x * RATE + 11
    return math.sqrt(z) + y

def f12(x, y=2):
    '''doc 12'''
    z = x * RATE + 12
    return math.sqrt(z) + y

def f13(x, y=2):
    '''doc 13'''
    z = x * RATE + 13
    return math.sqrt(z) + y

def f14(x, y=2):
    '''doc 14'''
    z = x * RATE + 14
    return math.sqrt(z) + y

def f15(x, y=2):
    '''doc 15'''
    z = x * RATE + 15
    return math.sqrt(z) + y

def f16(x, y=2):
    '''doc 16'''
    z = x * RATE + 16
    return math.sqrt(z) + y

def f17(x, y=2):
    '''doc 17'''
    z = x * RATE + 17
    return math.sqrt(z) + y

def f18(x, y=2):
    '''doc 18'''
    z = x * RATE + 18
    return math.sqrt(z) + y

def f19(x, y=2):
    '''doc 19'''
    z = x * RATE + 19
    return math.sqrt(z) + y

def f20(x, y=2):
    '''doc 20'''
    z = x * RATE + 20
    return math.sqrt(z) + y

def f21(x, y=2):
    '''doc 21'''
    z = x * RATE + 21
    return math.sqrt(z) + y

def f22(x, y=2):
    '''doc 22'''
    z = x * RATE + 22
    return math.sqrt(z) + y

def f23(x, y=2):
    '''doc 23'''
    z = x * RATE + 23
    return math.sqrt(z) + y

def f24(x, y=2):
    '''doc 24'''
    z = x * RATE + 24
    return math.sqrt(z) + y

def f25(x, y=2):
    '''doc 25'''
    z = x * RATE + 25
    return math.sqrt(z) + y

def f26(x, y=2):
    '''doc 26'''
    z = x * RATE + 26
    return math.sqrt(z) + y

def f27(x, y=2):
    '''doc 27'''
    z = x * RATE + 27
    return math.sqrt(z) + y

def f28(x, y=2):
    '''doc 28'''
    z = x * RATE + 28
    return math.sqrt(z) + y

def f29(x, y=2):
    '''doc 29'''
    z = x * RATE + 29
    return math.sqrt(z) + y

def f30(x, y=2):
    '''doc 30'''
    z = x * RATE + 30
    return math.sqrt(z) + y

def f31(x, y=2):
    '''doc 31'''
    z = x * RATE + 31
    return math.sqrt(z) + y

def f32(x, y=2):
    '''doc 32'''
    z = x * RATE + 32
    return math.sqrt(z) + y

def f33(x, y=2):
    '''doc 33'''
    z = x * RATE + 33
    return math.sqrt(z) + y

def f34(x, y=2):
    '''doc 34'''
    z = x * RATE + 34
    return math.sqrt(z) + y

def f35(x, y=2):
    '''doc 35'''
    z = x * RATE + 35
    return math.sqrt(z) + y

def f36(x, y=2):
    '''doc 36'''
    z = x * RATE + 36
    return math.sqrt(z) + y

def f37(x, y=2):
    '''doc 37'''
    z = x * RATE + 37
    return math.sqrt(z) + y

def f38(x, y=2):
    '''doc 38'''
    z = x * RATE + 38
    return math.sqrt(z) + y

def f39(x, y=2):
    '''doc 39'''
    z = x * RATE + 39
    return math.sqrt(z) + y

def f40(x, y=2):
    '''doc 40'''
    z = x * RATE + 40
    return math.sqrt(z) + y

def f41(x, y=2):
    '''doc 41'''
    z = x * RATE + 41
    return math.sqrt(z) + y

def f42(x, y=2):
    '''doc 42'''
    z = x * RATE + 42
    return math.sqrt(z) + y

def f43(x, y=2):
    '''doc 43'''
    z = x * RATE + 43
    return math.sqrt(z) + y

def f44(x, y=2):
    '''doc 44'''
    z = x * RATE + 44
    return math.sqrt(z) + y

def f45(x, y=2):
    '''doc 45'''
    z = x * RATE + 45
    return math.sqrt(z) + y

def f46(x, y=2):
    '''doc 46'''
    z = x * RATE + 46
    return math.sqrt(z) + y

def f47(x, y=2):
    '''doc 47'''
    z = x * RATE + 47
    return math.sqrt(z) + y

def f48(x, y=2):
    '''doc 48'''
    z = x * RATE + 48
    return math.sqrt(z) + y

def f49(x, y=2):
    '''doc 49'''
    z = x * RATE + 49
    return math.sqrt(z) + y

def f50(x, y=2):
    '''doc 50'''
    z = x * RATE + 50
    return math.sqrt(z) + y

def f51(x, y=2):
    '''doc 51'''
    z = x * RATE + 51
    return math.sqrt(z) + y

def f52(x, y=2):
    '''doc 52'''
    z = x * RATE + 52
    return math.sqrt(z) + y

def f53(x, y=2):
    '''doc 53'''
    z = x * RATE + 53
    return math.sqrt(z) + y

def f54(x, y=2):
    '''doc 54'''
    z = x * RATE + 54
    return math.sqrt(z) + y

def f55(x, y=2):
    '''doc 55'''
    z = x * RATE + 55
    return math.sqrt(z) + y

def f56(x, y=2):
    '''doc 56'''
    z = x * RATE + 56
    return math.sqrt(z) + y

def f57(x, y=2):
    '''doc 57'''
    z = x * RATE + 57
    return math.sqrt(z) + y

def f58(x, y=2):
    '''doc 58'''
    z = x * RATE + 58
    return math.sqrt(z) + y

def f59(x, y=2):
    '''doc 59'''
    z = x * RATE + 59
    return math.sqrt(z) + y

def f60(x, y=2):
    '''doc 60'''
    z = x * RATE + 60
    return math.sqrt(z) + y

def f61(x, y=2):
    '''doc 61'''
    z = x * RATE + 61
    return math.sqrt(z) + y

def f62(x, y=2):
    '''doc 62'''
    z = x * RATE + 62
    return math.sqrt(z) + y

def f63(x, y=2):
    '''doc 63'''
    z = x * RATE + 63
    return math.sqrt(z) + y

def f64(x, y=2):
    '''doc 64'''
    z = x * RATE + 64
    return math.sqrt(z) + y

def f65(x, y=2):
    '''doc 65'''
    z = x * RATE + 65
    return math.sqrt(z) + y

def f66(x, y=2):
    '''doc 66'''
    z = x * RATE + 66
    return math.sqrt(z) + y

def f67(x, y=2):
    '''doc 67'''
    z = x * RATE + 67
    return math.sqrt(z) + y

def f68(x, y=2):
    '''doc 68'''
    z = x * RATE + 68
    return math.sqrt(z) + y

def f69(x, y=2):
    '''doc 69'''
    z = x * RATE + 69
    return math.sqrt(z) + y

def f70(x, y=2):
    '''doc 70'''
    z = x * RATE + 70
    return math.sqrt(z) + y

def f71(x, y=2):
    '''doc 71'''
    z = x * RATE + 71
    return math.sqrt(z) + y

def f72(x, y=2):
    '''doc 72'''
    z = x * RATE + 72
    return math.sqrt(z) + y

def f73(x, y=2):
    '''doc 73'''
    z = x * RATE + 73
    return math.sqrt(z) + y

def f74(x, y=2):
    '''doc 74'''
    z = x * RATE + 74
    return math.sqrt(z) + y

def f75(x, y=2):
    '''doc 75'''
    z = x * RATE + 75
    return math.sqrt(z) + y

def f76(x, y=2):
    '''doc 76'''
    z = x * RATE + 76
    return math.sqrt(z) + y

def f77(x, y=2):
    '''doc 77'''
    z = x * RATE + 77
    return math.sqrt(z) + y

def f78(x, y=2):
    '''doc 78'''
    z = x * RATE + 78
    return math.sqrt(z) + y

def f79(x, y=2):
    '''doc 79'''
    z = x * RATE + 79
    return math.sqrt(z) + y

def f80(x, y=2):
    '''doc 80'''
    z = x * RATE + 80
    return math.sqrt(z) + y

def f81(x, y=2):
    '''doc 81'''
    z = x * RATE + 81
    return math.sqrt(z) + y

def f82(x, y=2):
    '''doc 82'''
    z = x * RATE + 82
    return math.sqrt(z) + y

def f83(x, y=2):
    '''doc 83'''
    z = x * RATE + 83
    return math.sqrt(z) + y

def f84(x, y=2):
    '''doc 84'''
    z = x * RATE + 84
    return math.sqrt(z) + y

def f85(x, y=2):
    '''doc 85'''
    z = x * RATE + 85
    return math.sqrt(z) + y

def f86(x, y=2):
    '''doc 86'''
    z = x * RATE + 86
    return math.sqrt(z) + y

def f87(x, y=2):
    '''doc 87'''
    z = x * RATE + 87
    return math.sqrt(z) + y

def f88(x, y=2):
    '''doc 88'''
    z = x * RATE + 88
    return math.sqrt(z) + y

def f89(x, y=2):
    '''doc 89'''
    z = x * RATE + 89
    return math.sqrt(z) + y

def f90(x, y=2):
    '''doc 90'''
    z = x * RATE + 90
    return math.sqrt(z) + y

def f91(x, y=2):
    '''doc 91'''
    z = x * RATE + 91
    return math.sqrt(z) + y

def f92(x, y=2):
    '''doc 92'''
    z = x * RATE + 92
    return math.sqrt(z) + y

def f93(x, y=2):
    '''doc 93'''
    z = x * RATE + 93
    return math.sqrt(z) + y

def f94(x, y=2):
    '''doc 94'''
    z = x * RATE + 94
    return math.sqrt(z) + y

def f95(x, y=2):
    '''doc 95'''
    z = x * RATE + 95
    return math.sqrt(z) + y

def f96(x, y=2):
    '''doc 96'''
    z = x * RATE + 96
    return math.sqrt(z) + y

def f97(x, y=2):
    '''doc 97'''
    z = x * RATE + 97
    return math.sqrt(z) + y

def f98(x, y=2):
    '''doc 98'''
    z = x * RATE + 98
    return math.sqrt(z) + y

def f99(x, y=2):
    '''doc 99'''
    z = x * RATE + 99
    return math.sqrt(z) + y

def f100(x, y=2):
    '''doc 100'''
    z = x * RATE + 100
    return math.sqrt(z) + y

def f101(x, y=2):
    '''doc 101'''
    z = x * RATE + 101
    return math.sqrt(z) + y

def f102(x, y=2):
    '''doc 102'''
    z = x * RATE + 102
    return math.sqrt(z) + y

def f103(x, y=2):
    '''doc 103'''
    z = x * RATE + 103
    return math.sqrt(z) + y

def f104(x, y=2):
    '''doc 104'''
    z = x * RATE + 104
    return math.sqrt(z) + y

def f105(x, y=2):
    '''doc 105'''
    z = x * RATE + 105
    return math.sqrt(z) + y

def f106(x, y=2):
    '''doc 106'''
    z = x * RATE + 106
    return math.sqrt(z) + y

def f107(x, y=2):
    '''doc 107'''
    z = x * RATE + 107
    return math.sqrt(z) + y

def f108(x, y=2):
    '''doc 108'''
    z = x * RATE + 108
    return math.sqrt(z) + y

def f109(x, y=2):
    '''doc 109'''
    z = x * RATE + 109
    return math.sqrt(z) + y

def f110(x, y=2):
    '''doc 110'''
    z = x * RATE + 110
    return math.sqrt(z) + y

def f111(x, y=2):
    '''doc 111'''
    z = x * RATE + 111
    return math.sqrt(z) + y

def f112(x, y=2):
    '''doc 112'''
    z = x * RATE + 112
    return math.sqrt(z) + y

def f113(x, y=2):
    '''doc 113'''
    z = x * RATE + 113
    return math.sqrt(z) + y

def f114(x, y=2):
    '''doc 114'''
    z = x * RATE + 114
    return math.sqrt(z) + y

def f115(x, y=2):
    '''doc 115'''
    z = x * RATE + 115
    return math.sqrt(z) + y

def f116(x, y=2):
    '''doc 116'''
    z = x * RATE + 116
    return math.sqrt(z) + y

def f117(x, y=2):
    '''doc 117'''
    z = x * RATE + 117
    return math.sqrt(z) + y

def f118(x, y=2):
    '''doc 118'''
    z = x * RATE + 118
    return math.sqrt(z) + y

def f119(x, y=2):
    '''doc 119'''
    z = x * RATE + 119
    return math.sqrt(z) + y

def f120(x, y=2):
    '''doc 120'''
    z = x * RATE + 120
    return math.sqrt(z) + y

def f121(x, y=2):
    '''doc 121'''
    z = x * RATE + 121
    return math.sqrt(z) + y

def f122(x, y=2):
    '''doc 122'''
    z = x * RATE + 122
    return math.sqrt(z) + y

def f123(x, y=2):
    '''doc 123'''
    z = x * RATE + 123
    return math.sqrt(z) + y

def f124(x, y=2):
    '''doc 124'''
    z = x * RATE + 124
    return math.sqrt(z) + y

def f125(x, y=2):
    '''doc 125'''
    z = x * RATE + 125
    return math.sqrt(z) + y

def f126(x, y=2):
    '''doc 126'''
    z = x * RATE + 126
    return math.sqrt(z) + y

def f127(x, y=2):
    '''doc 127'''
    z = x * RATE + 127
    return math.sqrt(z) + y

def f128(x, y=2):
    '''doc 128'''
    z = x * RATE + 128
    return math.sqrt(z) + y

def f129(x, y=2):
    '''doc 129'''
    z = x * RATE + 129
    return math.sqrt(z) + y

def f130(x, y=2):
    '''doc 130'''
    z = x * RATE + 130
    return math.sqrt(z) + y

def f131(x, y=2):
    '''doc 131'''
    z = x * RATE + 131
    return math.sqrt(z) + y

def f132(x, y=2):
    '''doc 132'''
    z = x * RATE + 132
    return math.sqrt(z) + y

def f133(x, y=2):
    '''doc 133'''
    z = x * RATE + 133
    return math.sqrt(z) + y

def f134(x, y=2):
    '''doc 134'''
    z = x * RATE + 134
    return math.sqrt(z) + y

def f135(x, y=2):
    '''doc 135'''
    z = x * RATE + 135
    return math.sqrt(z) + y

def f136(x, y=2):
    '''doc 136'''
    z = x * RATE + 136
    return math.sqrt(z) + y

def f137(x, y=2):
    '''doc 137'''
    z = x * RATE + 137
    return math.sqrt(z) + y

def f138(x, y=2):
    '''doc 138'''
    z = x * RATE + 138
    return math.sqrt(z) + y

def f139(x, y=2):
    '''doc 139'''
    z = x * RATE + 139
    return math.sqrt(z) + y

def f140(x, y=2):
    '''doc 140'''
    z = x * RATE + 140
    return math.sqrt(z) + y

def f141(x, y=2):
    '''doc 141'''
    z = x * RATE + 141
    return math.sqrt(z) + y

def f142(x, y=2):
    '''doc 142'''
    z = x * RATE + 142
    return math.sqrt(z) + y

def f143(x, y=2):
    '''doc 143'''
    z = x * RATE + 143
    return math.sqrt(z) + y

def f144(x, y=2):
    '''doc 144'''
    z = x * RATE + 144
    return math.sqrt(z) + y

def f145(x, y=2):
    '''doc 145'''
    z = x * RATE + 145
    return math.sqrt(z) + y

def f146(x, y=2):
    '''doc 146'''
    z = x * RATE + 146
    return math.sqrt(z) + y

def f147(x, y=2):
    '''doc 147'''
    z = x * RATE + 147
    return math.sqrt(z) + y

def f148(x, y=2):
    '''doc 148'''
    z = x * RATE + 148
    return math.sqrt(z) + y

def f149(x, y=2):
    '''doc 149'''
    z = x * RATE + 149
    return math.sqrt(z) + y

def f150(x, y=2):
    '''doc 150'''
    z = x * RATE + 150
    return math.sqrt(z) + y

def f151(x, y=2):
    '''doc 151'''
    z = x * RATE + 151
    return math.sqrt(z) + y

def f152(x, y=2):
    '''doc 152'''
    z = x * RATE + 152
    return math.sqrt(z) + y

def f153(x, y=2):
    '''doc 153'''
    z = x * RATE + 153
    return math.sqrt(z) + y

def f154(x, y=2):
    '''doc 154'''
    z = x * RATE + 154
    return math.sqrt(z) + y

def f155(x, y=2):
    '''doc 155'''
    z = x * RATE + 155
    return math.sqrt(z) + y

def f156(x, y=2):
    '''doc 156'''
    z = x * RATE + 156
    return math.sqrt(z) + y

def f157(x, y=2):
    '''doc 157'''
    z = x * RATE + 157
    return math.sqrt(z) + y

def f158(x, y=2):
    '''doc 158'''
    z = x * RATE + 158
    return math.sqrt(z) + y

def f159(x, y=2):
    '''doc 159'''
    z = x * RATE + 159
    return math.sqrt(z) + y

def f160(x, y=2):
    '''doc 160'''
    z = x * RATE + 160
    return math.sqrt(z) + y

def f161(x, y=2):
    '''doc 161'''
    z = x * RATE + 161
    return math.sqrt(z) + y

def f162(x, y=2):
    '''doc 162'''
    z = x * RATE + 162
    return math.sqrt(z) + y

def f163(x, y=2):
    '''doc 163'''
    z = x * RATE + 163
    return math.sqrt(z) + y

def f164(x, y=2):
    '''doc 164'''
    z = x * RATE + 164
    return math.sqrt(z) + y

def f165(x, y=2):
    '''doc 165'''
    z = x * RATE + 165
    return math.sqrt(z) + y

def f166(x, y=2):
    '''doc 166'''
    z = x * RATE + 166
    return math.sqrt(z) + y

def f167(x, y=2):
    '''doc 167'''
    z = x * RATE + 167
    return math.sqrt(z) + y

def f168(x, y=2):
    '''doc 168'''
    z = x * RATE + 168
    return math.sqrt(z) + y

def f169(x, y=2):
    '''doc 169'''
    z = x * RATE + 169
    return math.sqrt(z) + y

def f170(x, y=2):
    '''doc 170'''
    z = x * RATE + 170
    return math.sqrt(z) + y

def f171(x, y=2):
    '''doc 171'''
    z = x * RATE + 171
    return math.sqrt(z) + y

def f172(x, y=2):
    '''doc 172'''
    z = x * RATE + 172
    return math.sqrt(z) + y

def f173(x, y=2):
    '''doc 173'''
    z = x * RATE + 173
    return math.sqrt(z) + y

def f174(x, y=2):
    '''doc 174'''
    z = x * RATE + 174
    return math.sqrt(z) + y

def f175(x, y=2):
    '''doc 175'''
    z = x * RATE + 175
    return math.sqrt(z) + y

def f176(x, y=2):
    '''doc 176'''
    z = x * RATE + 176
    return math.sqrt(z) + y

def f177(x, y=2):
    '''doc 177'''
    z = x * RATE + 177
    return math.sqrt(z) + y

def f178(x, y=2):
    '''doc 178'''
    z = x * RATE + 178
    return math.sqrt(z) + y

def f179(x, y=2):
    '''doc 179'''
    z = x * RATE + 179
    return math.sqrt(z) + y

def f180(x, y=2):
    '''doc 180'''
    z = x * RATE + 180
    return math.sqrt(z) + y

def f181(x, y=2):
    '''doc 181'''
    z = x * RATE + 181
    return math.sqrt(z) + y

def f182(x, y=2):
    '''doc 182'''
    z = x * RATE + 182
    return math.sqrt(z) + y

def f183(x, y=2):
    '''doc 183'''
    z = x * RATE + 183
    return math.sqrt(z) + y

def f184(x, y=2):
    '''doc 184'''
    z = x * RATE + 184
    return math.sqrt(z) + y

def f185(x, y=2):
    '''doc 185'''
    z = x * RATE + 185
    return math.sqrt(z) + y

def f186(x, y=2):
    '''doc 186'''
    z = x * RATE + 186
    return math.sqrt(z) + y

def f187(x, y=2):
    '''doc 187'''
    z = x * RATE + 187
    return math.sqrt(z) + y

def f188(x, y=2):
    '''doc 188'''
    z = x * RATE + 188
    return math.sqrt(z) + y

def f189(x, y=2):
    '''doc 189'''
    z = x * RATE + 189
    return math.sqrt(z) + y

def f190(x, y=2):
    '''doc 190'''
    z = x * RATE + 190
    return math.sqrt(z) + y

def f191(x, y=2):
    '''doc 191'''
    z = x * RATE + 191
    return math.sqrt(z) + y

def f192(x, y=2):
    '''doc 192'''
    z = x * RATE + 192
    return math.sqrt(z) + y

def f193(x, y=2):
    '''doc 193'''
    z = x * RATE + 193
    return math.sqrt(z) + y

def f194(x, y=2):
    '''doc 194'''
    z = x * RATE + 194
    return math.sqrt(z) + y

def f195(x, y=2):
    '''doc 195'''
    z = x * RATE + 195
    return math.sqrt(z) + y

def f196(x, y=2):
    '''doc 196'''
    z = x * RATE + 196
    return math.sqrt(z) + y

def f197(x, y=2):
    '''doc 197'''
    z = x * RATE + 197
    return math.sqrt(z) + y

def f198(x, y=2):
    '''doc 198'''
    z = x * RATE + 198
    return math.sqrt(z) + y

def f199(x, y=2):
    '''doc 199'''
    z = x * RATE + 199
    return math.sqrt(z) + y

def f200(x, y=2):
    '''doc 200'''
    z = x * RATE + 200
    return math.sqrt(z) + y

def f201(x, y=2):
    '''doc 201'''
    z = x * RATE + 201
    return math.sqrt(z) + y

def f202(x, y=2):
    '''doc 202'''
    z = x * RATE + 202
    return math.sqrt(z) + y

def f203(x, y=2):
    '''doc 203'''
    z = x * RATE + 203
    return math.sqrt(z) + y

def f204(x, y=2):
    '''doc 204'''
    z = x * RATE + 204
    return math.sqrt(z) + y

def f205(x, y=2):
    '''doc 205'''
    z = x * RATE + 205
    return math.sqrt(z) + y

def f206(x, y=2):
    '''doc 206'''
    z = x * RATE + 206
    return math.sqrt(z) + y

def f207(x, y=2):
    '''doc 207'''
    z = x * RATE + 207
    return math.sqrt(z) + y

def f208(x, y=2):
    '''doc 208'''
    z = x * RATE + 208
    return math.sqrt(z) + y

def f209(x, y=2):
    '''doc 209'''
    z = x * RATE + 209
    return math.sqrt(z) + y

def f210(x, y=2):
    '''doc 210'''
    z = x * RATE + 210
    return math.sqrt(z) + y

def f211(x, y=2):
    '''doc 211'''
    z = x * RATE + 211
    return math.sqrt(z) + y

def f212(x, y=2):
    '''doc 212'''
    z = x * RATE + 212
    return math.sqrt(z) + y

def f213(x, y=2):
    '''doc 213'''
    z = x * RATE + 213
    return math.sqrt(z) + y

def f214(x, y=2):
    '''doc 214'''
    z = x * RATE + 214
    return math.sqrt(z) + y

def f215(x, y=2):
    '''doc 215'''
    z = x * RATE + 215
    return math.sqrt(z) + y

def f216(x, y=2):
    '''doc 216'''
    z = x * RATE + 216
    return math.sqrt(z) + y

def f217(x, y=2):
    '''doc 217'''
    z = x * RATE + 217
    return math.sqrt(z) + y

def f218(x, y=2):
    '''doc 218'''
    z = x * RATE + 218
    return math.sqrt(z) + y

def f219(x, y=2):
    '''doc 219'''
    z = x * RATE + 219
    return math.sqrt(z) + y

def f220(x, y=2):
    '''doc 220'''
    z = x * RATE + 220
    return math.sqrt(z) + y

def f221(x, y=2):
    '''doc 221'''
    z = x * RATE + 221
    return math.sqrt(z) + y

def f222(x, y=2):
    '''doc 222'''
    z = x * RATE + 222
    return math.sqrt(z) + y

def f223(x, y=2):
    '''doc 223'''
    z = x * RATE + 223
    return math.sqrt(z) + y

def f224(x, y=2):
    '''doc 224'''
    z = x * RATE + 224
    return math.sqrt(z) + y

def f225(x, y=2):
    '''doc 225'''
    z = x * RATE + 225
    return math.sqrt(z) + y

def f226(x, y=2):
    '''doc 226'''
    z = x * RATE + 226
    return math.sqrt(z) + y

def f227(x, y=2):
    '''doc 227'''
    z = x * RATE + 227
    return math.sqrt(z) + y

def f228(x, y=2):
    '''doc 228'''
    z = x * RATE + 228
    return math.sqrt(z) + y

def f229(x, y=2):
    '''doc 229'''
    z = x * RATE + 229
    return math.sqrt(z) + y

def f230(x, y=2):
    '''doc 230'''
    z = x * RATE + 230
    return math.sqrt(z) + y

def f231(x, y=2):
    '''doc 231'''
    z = x * RATE + 231
    return math.sqrt(z) + y

def f232(x, y=2):
    '''doc 232'''
    z = x * RATE + 232
    return math.sqrt(z) + y

def f233(x, y=2):
    '''doc 233'''
    z = x * RATE + 233
    return math.sqrt(z) + y

def f234(x, y=2):
    '''doc 234'''
    z = x * RATE + 234
    return math.sqrt(z) + y

def f235(x, y=2):
    '''doc 235'''
    z = x * RATE + 235
    return math.sqrt(z) + y

def f236(x, y=2):
    '''doc 236'''
    z = x * RATE + 236
    return math.sqrt(z) + y

def f237(x, y=2):
    '''doc 237'''
    z = x * RATE + 237
    return math.sqrt(z) + y

def f238(x, y=2):
    '''doc 238'''
    z = x * RATE + 238
    return math.sqrt(z) + y

def f239(x, y=2):
    '''doc 239'''
    z = x * RATE + 239
    return math.sqrt(z) + y

def f240(x, y=2):
    '''doc 240'''
    z = x * RATE + 240
    return math.sqrt(z) + y

def f241(x, y=2):
    '''doc 241'''
    z = x * RATE + 241
    return math.sqrt(z) + y

def f242(x, y=2):
    '''doc 242'''
    z = x * RATE + 242
    return math.sqrt(z) + y

def f243(x, y=2):
    '''doc 243'''
    z = x * RATE + 243
    return math.sqrt(z) + y

def f244(x, y=2):
    '''doc 244'''
    z = x * RATE + 244
    return math.sqrt(z) + y

def f245(x, y=2):
    '''doc 245'''
    z = x * RATE + 245
    return math.sqrt(z) + y

def f246(x, y=2):
    '''doc 246'''
    z = x * RATE + 246
    return math.sqrt(z) + y

def f247(x, y=2):
    '''doc 247'''
    z = x * RATE + 247
    return math.sqrt(z) + y

def f248(x, y=2):
    '''doc 248'''
    z = x * RATE + 248
    return math.sqrt(z) + y

def f249(x, y=2):
    '''doc 249'''
    z = x * RATE + 249
    return math.sqrt(z) + y

def f250(x, y=2):
    '''doc 250'''
    z = x * RATE + 250
    return math.sqrt(z) + y

def f251(x, y=2):
    '''doc 251'''
    z = x * RATE + 251
    return math.sqrt(z) + y

def f252(x, y=2):
    '''doc 252'''
    z = x * RATE + 252
    return math.sqrt(z) + y

def f253(x, y=2):
    '''doc 253'''
    z = x * RATE + 253
    return math.sqrt(z) + y

def f254(x, y=2):
    '''doc 254'''
    z = x * RATE + 254
    return math.sqrt(z) + y

def f255(x, y=2):
    '''doc 255'''
    z = x * RATE + 255
    return math.sqrt(z) + y

def f256(x, y=2):
    '''doc 256'''
    z = x * RATE + 256
    return math.sqrt(z) + y

def f257(x, y=2):
    '''doc 257'''
    z = x * RATE + 257
    return math.sqrt(z) + y

def f258(x, y=2):
    '''doc 258'''
    z = x * RATE + 258
    return math.sqrt(z) + y

def f259(x, y=2):
    '''doc 259'''
    z = x * RATE + 259
    return math.sqrt(z) + y

def f260(x, y=2):
    '''doc 260'''
    z = x * RATE + 260
    return math.sqrt(z) + y

def f261(x, y=2):
    '''doc 261'''
    z = x * RATE + 261
    return math.sqrt(z) + y

def f262(x, y=2):
    '''doc 262'''
    z = x * RATE + 262
    return math.sqrt(z) + y

def f263(x, y=2):
    '''doc 263'''
    z = x * RATE + 263
    return math.sqrt(z) + y

def f264(x, y=2):
    '''doc 264'''
    z = x * RATE + 264
    return math.sqrt(z) + y

def f265(x, y=2):
    '''doc 265'''
    z = x * RATE + 265
    return math.sqrt(z) + y

def f266(x, y=2):
    '''doc 266'''
    z = x * RATE + 266
    return math.sqrt(z) + y

def f267(x, y=2):
    '''doc 267'''
    z = x * RATE + 267
    return math.sqrt(z) + y

def f268(x, y=2):
    '''doc 268'''
    z = x * RATE + 268
    return math.sqrt(z) + y

def f269(x, y=2):
    '''doc 269'''
    z = x * RATE + 269
    return math.sqrt(z) + y

def f270(x, y=2):
    '''doc 270'''
    z = x * RATE + 270
    return math.sqrt(z) + y

def f271(x, y=2):
    '''doc 271'''
    z = x * RATE + 271
    return math.sqrt(z) + y

def f272(x, y=2):
    '''doc 272'''
    z = x * RATE + 272
    return math.sqrt(z) + y

def f273(x, y=2):
    '''doc 273'''
    z = x * RATE + 273
    return math.sqrt(z) + y

def f274(x, y=2):
    '''doc 274'''
    z = x * RATE + 274
    return math.sqrt(z) + y

def f275(x, y=2):
    '''doc 275'''
    z = x * RATE + 275
    return math.sqrt(z) + y

def f276(x, y=2):
    '''doc 276'''
    z = x * RATE + 276
    return math.sqrt(z) + y

def f277(x, y=2):
    '''doc 277'''
    z = x * RATE + 277
    return math.sqrt(z) + y

def f278(x, y=2):
    '''doc 278'''
    z = x * RATE + 278
    return math.sqrt(z) + y

def f279(x, y=2):
    '''doc 279'''
    z = x * RATE + 279
    return math.sqrt(z) + y

def f280(x, y=2):
    '''doc 280'''
    z = x * RATE + 280
    return math.sqrt(z) + y

def f281(x, y=2):
    '''doc 281'''
    z = x * RATE + 281
    return math.sqrt(z) + y

def f282(x, y=2):
    '''doc 282'''
    z = x * RATE + 282
    return math.sqrt(z) + y

def f283(x, y=2):
    '''doc 283'''
    z = x * RATE + 283
    return math.sqrt(z) + y

def f284(x, y=2):
    '''doc 284'''
    z = x * RATE + 284
    return math.sqrt(z) + y

def f285(x, y=2):
    '''doc 285'''
    z = x * RATE + 285
    return math.sqrt(z) + y

def f286(x, y=2):
    '''doc 286'''
    z = x * RATE + 286
    return math.sqrt(z) + y

def f287(x, y=2):
    '''doc 287'''
    z = x * RATE + 287
    return math.sqrt(z) + y

def f288(x, y=2):
    '''doc 288'''
    z = x * RATE + 288
    return math.sqrt(z) + y

def f289(x, y=2):
    '''doc 289'''
    z = x * RATE + 289
    return math.sqrt(z) + y

def f290(x, y=2):
    '''doc 290'''
    z = x * RATE + 290
    return math.sqrt(z) + y

def f291(x, y=2):
    '''doc 291'''
    z = x * RATE + 291
    return math.sqrt(z) + y

def f292(x, y=2):
    '''doc 292'''
    z = x * RATE + 292
    return math.sqrt(z) + y

def f293(x, y=2):
    '''doc 293'''
    z = x * RATE + 293
    return math.sqrt(z) + y

def f294(x, y=2):
    '''doc 294'''
    z = x * RATE + 294
    return math.sqrt(z) + y

def f295(x, y=2):
    '''doc 295'''
    z = x * RATE + 295
    return math.sqrt(z) + y

def f296(x, y=2):
    '''doc 296'''
    z = x * RATE + 296
    return math.sqrt(z) + y

def f297(x, y=2):
    '''doc 297'''
    z = x * RATE + 297
    return math.sqrt(z) + y

def f298(x, y=2):
    '''doc 298'''
    z = x * RATE + 298
    return math.sqrt(z) + y

def f299(x, y=2):
    '''doc 299'''
    z = x * RATE + 299
    return math.sqrt(z) + y

def f300(x, y=2):
    '''doc 300'''
    z = x * RATE + 300
    return math.sqrt(z) + y

def f301(x, y=2):
    '''doc 301'''
    z = x * RATE + 301
    return math.sqrt(z) + y

def f302(x, y=2):
    '''doc 302'''
    z = x * RATE + 302
    return math.sqrt(z) + y

def f303(x, y=2):
    '''doc 303'''
    z = x * RATE + 303
    return math.sqrt(z) + y

def f304(x, y=2):
    '''doc 304'''
    z = x * RATE + 304
    return math.sqrt(z) + y

def f305(x, y=2):
    '''doc 305'''
    z = x * RATE + 305
    return math.sqrt(z) + y

def f306(x, y=2):
    '''doc 306'''
    z = x * RATE + 306
    return math.sqrt(z) + y

def f307(x, y=2):
    '''doc 307'''
    z = x * RATE + 307
    return math.sqrt(z) + y

def f308(x, y=2):
    '''doc 308'''
    z = x * RATE + 308
    return math.sqrt(z) + y

def f309(x, y=2):
    '''doc 309'''
    z = x * RATE + 309
    return math.sqrt(z) + y

def f310(x, y=2):
    '''doc 310'''
    z = x * RATE + 310
    return math.sqrt(z) + y

def f311(x, y=2):
    '''doc 311'''
    z = x * RATE + 311
    return math.sqrt(z) + y

def f312(x, y=2):
    '''doc 312'''
    z = x * RATE + 312
    return math.sqrt(z) + y

def f313(x, y=2):
    '''doc 313'''
    z = x * RATE + 313
    return math.sqrt(z) + y

def f314(x, y=2):
    '''doc 314'''
    z = x * RATE + 314
    return math.sqrt(z) + y

def f315(x, y=2):
    '''doc 315'''
    z = x * RATE + 315
    return math.sqrt(z) + y

def f316(x, y=2):
    '''doc 316'''
    z = x * RATE + 316
    return math.sqrt(z) + y

def f317(x, y=2):
    '''doc 317'''
    z = x * RATE + 317
    return math.sqrt(z) + y

def f318(x, y=2):
    '''doc 318'''
    z = x * RATE + 318
    return math.sqrt(z) + y

def f319(x, y=2):
    '''doc 319'''
    z = x * RATE + 319
    return math.sqrt(z) + y

def f320(x, y=2):
    '''doc 320'''
    z = x * RATE + 320
    return math.sqrt(z) + y

def f321(x, y=2):
    '''doc 321'''
    z = x * RATE + 321
    return math.sqrt(z) + y

def f322(x, y=2):
    '''doc 322'''
    z = x * RATE + 322
    return math.sqrt(z) + y

def f323(x, y=2):
    '''doc 323'''
    z = x * RATE + 323
    return math.sqrt(z) + y

def f324(x, y=2):
    '''doc 324'''
    z = x * RATE + 324
    return math.sqrt(z) + y

def f325(x, y=2):
    '''doc 325'''
    z = x * RATE + 325
    return math.sqrt(z) + y

def f326(x, y=2):
    '''doc 326'''
    z = x * RATE + 326
    return math.sqrt(z) + y

def f327(x, y=2):
    '''doc 327'''
    z = x * RATE + 327
    return math.sqrt(z) + y

def f328(x, y=2):
    '''doc 328'''
    z = x * RATE + 328
    return math.sqrt(z) + y

def f329(x, y=2):
    '''doc 329'''
    z = x * RATE + 329
    return math.sqrt(z) + y

def f330(x, y=2):
    '''doc 330'''
    z = x * RATE + 330
    return math.sqrt(z) + y

def f331(x, y=2):
    '''doc 331'''
    z = x * RATE + 331
    return math.sqrt(z) + y

def f332(x, y=2):
    '''doc 332'''
    z = x * RATE + 332
    return math.sqrt(z) + y

def f333(x, y=2):
    '''doc 333'''
    z = x * RATE + 333
    return math.sqrt(z) + y

def f334(x, y=2):
    '''doc 334'''
    z = x * RATE + 334
    return math.sqrt(z) + y

def f335(x, y=2):
    '''doc 335'''
    z = x * RATE + 335
    return math.sqrt(z) + y

def f336(x, y=2):
    '''doc 336'''
    z = x * RATE + 336
    return math.sqrt(z) + y

def f337(x, y=2):
    '''doc 337'''
    z = x * RATE + 337
    return math.sqrt(z) + y

def f338(x, y=2):
    '''doc 338'''
    z = x * RATE + 338
    return math.sqrt(z) + y

def f339(x, y=2):
    '''doc 339'''
    z = x * RATE + 339
    return math.sqrt(z) + y

def f340(x, y=2):
    '''doc 340'''
    z = x * RATE + 340
    return math.sqrt(z) + y

def f341(x, y=2):
    '''doc 341'''
    z = x * RATE + 341
    return math.sqrt(z) + y

def f342(x, y=2):
    '''doc 342'''
    z = x * RATE + 342
    return math.sqrt(z) + y

def f343(x, y=2):
    '''doc 343'''
    z = x * RATE + 343
    return math.sqrt(z) + y

def f344(x, y=2):
    '''doc 344'''
    z = x * RATE + 344
    return math.sqrt(z) + y

def f345(x, y=2):
    '''doc 345'''
    z = x * RATE + 345
    return math.sqrt(z) + y

def f346(x, y=2):
    '''doc 346'''
    z = x * RATE + 346
    return math.sqrt(z) + y

def f347(x, y=2):
    '''doc 347'''
    z = x * RATE + 347
    return math.sqrt(z) + y

def f348(x, y=2):
    '''doc 348'''
    z = x * RATE + 348
    return math.sqrt(z) + y

def f349(x, y=2):
    '''doc 349'''
    z = x * RATE + 349
    return math.sqrt(z) + y

def f350(x, y=2):
    '''doc 350'''
    z = x * RATE + 350
    return math.sqrt(z) + y

def f351(x, y=2):
    '''doc 351'''
    z = x * RATE + 351
    return math.sqrt(z) + y

def f352(x, y=2):
    '''doc 352'''
    z = x * RATE + 352
    return math.sqrt(z) + y

def f353(x, y=2):
    '''doc 353'''
    z = x * RATE + 353
    return math.sqrt(z) + y

def f354(x, y=2):
    '''doc 354'''
    z = x * RATE + 354
    return math.sqrt(z) + y

def f355(x, y=2):
    '''doc 355'''
    z = x * RATE + 355
    return math.sqrt(z) + y

def f356(x, y=2):
    '''doc 356'''
    z = x * RATE + 356
    return math.sqrt(z) + y

def f357(x, y=2):
    '''doc 357'''
    z = x * RATE + 357
    return math.sqrt(z) + y

def f358(x, y=2):
    '''doc 358'''
    z = x * RATE + 358
    return math.sqrt(z) + y

def f359(x, y=2):
    '''doc 359'''
    z = x * RATE + 359
    return math.sqrt(z) + y

def f360(x, y=2):
    '''doc 360'''
    z = x * RATE + 360
    return math.sqrt(z) + y

def f361(x, y=2):
    '''doc 361'''
    z = x * RATE + 361
    return math.sqrt(z) + y

def f362(x, y=2):
    '''doc 362'''
    z = x * RATE + 362
    return math.sqrt(z) + y

def f363(x, y=2):
    '''doc 363'''
    z = x * RATE + 363
    return math.sqrt(z) + y

def f364(x, y=2):
    '''doc 364'''
    z = x * RATE + 364
    return math.sqrt(z) + y

def f365(x, y=2):
    '''doc 365'''
    z = x * RATE + 365
    return math.sqrt(z) + y

def f366(x, y=2):
    '''doc 366'''
    z = x * RATE + 366
    return math.sqrt(z) + y

def f367(x, y=2):
    '''doc 367'''
    z = x * RATE + 367
    return math.sqrt(z) + y

def f368(x, y=2):
    '''doc 368'''
    z = x * RATE + 368
    return math.sqrt(z) + y

def f369(x, y=2):
    '''doc 369'''
    z = x * RATE + 369
    return math.sqrt(z) + y

def f370(x, y=2):
    '''doc 370'''
    z = x * RATE + 370
    return math.sqrt(z) + y

def f371(x, y=2):
    '''doc 371'''
    z = x * RATE + 371
    return math.sqrt(z) + y

def f372(x, y=2):
    '''doc 372'''
    z = x * RATE + 372
    return math.sqrt(z) + y

def f373(x, y=2):
    '''doc 373'''
    z = x * RATE + 373
    return math.sqrt(z) + y

def f374(x, y=2):
    '''doc 374'''
    z = x * RATE + 374
    return math.sqrt(z) + y

def f375(x, y=2):
    '''doc 375'''
    z = x * RATE + 375
    return math.sqrt(z) + y

def f376(x, y=2):
    '''doc 376'''
    z = x * RATE + 376
    return math.sqrt(z) + y

def f377(x, y=2):
    '''doc 377'''
    z = x * RATE + 377
    return math.sqrt(z) + y

def f378(x, y=2):
    '''doc 378'''
    z = x * RATE + 378
    return math.sqrt(z) + y

def f379(x, y=2):
    '''doc 379'''
    z = x * RATE + 379
    return math.sqrt(z) + y

def f380(x, y=2):
    '''doc 380'''
    z = x * RATE + 380
    return math.sqrt(z) + y

def f381(x, y=2):
    '''doc 381'''
    z = x * RATE + 381
    return math.sqrt(z) + y

def f382(x, y=2):
    '''doc 382'''
    z = x * RATE + 382
    return math.sqrt(z) + y

def f383(x, y=2):
    '''doc 383'''
    z = x * RATE + 383
    return math.sqrt(z) + y

def f384(x, y=2):
    '''doc 384'''
    z = x * RATE + 384
    return math.sqrt(z) + y

def f385(x, y=2):
    '''doc 385'''
    z = x * RATE + 385
    return math.sqrt(z) + y

def f386(x, y=2):
    '''doc 386'''
    z = x * RATE + 386
    return math.sqrt(z) + y

def f387(x, y=2):
    '''doc 387'''
    z = x * RATE + 387
    return math.sqrt(z) + y

def f388(x, y=2):
    '''doc 388'''
    z = x * RATE + 388
    return math.sqrt(z) + y

def f389(x, y=2):
    '''doc 389'''
    z = x * RATE + 389
    return math.sqrt(z) + y

def f390(x, y=2):
    '''doc 390'''
    z = x * RATE + 390
    return math.sqrt(z) + y

def f391(x, y=2):
    '''doc 391'''
    z = x * RATE + 391
    return math.sqrt(z) + y

def f392(x, y=2):
    '''doc 392'''
    z = x * RATE + 392
    return math.sqrt(z) + y

def f393(x, y=2):
    '''doc 393'''
    z = x * RATE + 393
    return math.sqrt(z) + y

def f394(x, y=2):
    '''doc 394'''
    z = x * RATE + 394
    return math.sqrt(z) + y

def f395(x, y=2):
    '''doc 395'''
    z = x * RATE + 395
    return math.sqrt(z) + y

def f396(x, y=2):
    '''doc 396'''
    z = x * RATE + 396
    return math.sqrt(z) + y

def f397(x, y=2):
    '''doc 397'''
    z = x * RATE + 397
    return math.sqrt(z) + y

def f398(x, y=2):
    '''doc 398'''
    z = x * RATE + 398
    return math.sqrt(z) + y

def f399(x, y=2):
    '''doc 399'''
    z = x * RATE + 399
    return math.sqrt(z) + y

def f400(x, y=2):
    '''doc 400'''
    z = x * RATE + 400
    return math.sqrt(z) + y

def f401(x, y=2):
    '''doc 401'''
    z = x * RATE + 401
    return math.sqrt(z) + y

def f402(x, y=2):
    '''doc 402'''
    z = x * RATE + 402
    return math.sqrt(z) + y

def f403(x, y=2):
    '''doc 403'''
    z = x * RATE + 403
    return math.sqrt(z) + y

def f404(x, y=2):
    '''doc 404'''
    z = x * RATE + 404
    return math.sqrt(z) + y

def f405(x, y=2):
    '''doc 405'''
    z = x * RATE + 405
    return math.sqrt(z) + y

def f406(x, y=2):
    '''doc 406'''
    z = x * RATE + 406
    return math.sqrt(z) + y

def f407(x, y=2):
    '''doc 407'''
    z = x * RATE + 407
    return math.sqrt(z) + y

def f408(x, y=2):
    '''doc 408'''
    z = x * RATE + 408
    return math.sqrt(z) + y

def f409(x, y=2):
    '''doc 409'''
    z = x * RATE + 409
    return math.sqrt(z) + y

def f410(x, y=2):
    '''doc 410'''
    z = x * RATE + 410
    return math.sqrt(z) + y

def f411(x, y=2):
    '''doc 411'''
    z = x * RATE + 411
    return math.sqrt(z) + y

def f412(x, y=2):
    '''doc 412'''
    z = x * RATE + 412
    return math.sqrt(z) + y

def f413(x, y=2):
    '''doc 413'''
    z = x * RATE + 413
    return math.sqrt(z) + y

def f414(x, y=2):
    '''doc 414'''
    z = x * RATE + 414
    return math.sqrt(z) + y

def f415(x, y=2):
    '''doc 415'''
    z = x * RATE + 415
    return math.sqrt(z) + y

def f416(x, y=2):
    '''doc 416'''
    z = x * RATE + 416
    return math.sqrt(z) + y

def f417(x, y=2):
    '''doc 417'''
    z = x * RATE + 417
    return math.sqrt(z) + y

def f418(x, y=2):
    '''doc 418'''
    z = x * RATE + 418
    return math.sqrt(z) + y

def f419(x, y=2):
    '''doc 419'''
    z = x * RATE + 419
    return math.sqrt(z) + y

def f420(x, y=2):
    '''doc 420'''
    z = x * RATE + 420
    return math.sqrt(z) + y

def f421(x, y=2):
    '''doc 421'''
    z = x * RATE + 421
    return math.sqrt(z) + y

def f422(x, y=2):
    '''doc 422'''
    z = x * RATE + 422
    return math.sqrt(z) + y

def f423(x, y=2):
    '''doc 423'''
    z = x * RATE + 423
    return math.sqrt(z) + y

def f424(x, y=2):
    '''doc 424'''
    z = x * RATE + 424
    return math.sqrt(z) + y

def f425(x, y=2):
    '''doc 425'''
    z = x * RATE + 425
    return math.sqrt(z) + y

def f426(x, y=2):
    '''doc 426'''
    z = x * RATE + 426
    return math.sqrt(z) + y

def f427(x, y=2):
    '''doc 427'''
    z = x * RATE + 427
    return math.sqrt(z) + y

def f428(x, y=2):
    '''doc 428'''
    z = x * RATE + 428
    return math.sqrt(z) + y

def f429(x, y=2):
    '''doc 429'''
    z = x * RATE + 429
    return math.sqrt(z) + y

def f430(x, y=2):
    '''doc 430'''
    z = x * RATE + 430
    return math.sqrt(z) + y

def f431(x, y=2):
    '''doc 431'''
    z = x * RATE + 431
    return math.sqrt(z) + y

def f432(x, y=2):
    '''doc 432'''
    z = x * RATE + 432
    return math.sqrt(z) + y

def f433(x, y=2):
    '''doc 433'''
    z = x * RATE + 433
    return math.sqrt(z) + y

def f434(x, y=2):
    '''doc 434'''
    z = x * RATE + 434
    return math.sqrt(z) + y

def f435(x, y=2):
    '''doc 435'''
    z = x * RATE + 435
    return math.sqrt(z) + y

def f436(x, y=2):
    '''doc 436'''
    z = x * RATE + 436
    return math.sqrt(z) + y

def f437(x, y=2):
    '''doc 437'''
    z = x * RATE + 437
    return math.sqrt(z) + y

def f438(x, y=2):
    '''doc 438'''
    z = x * RATE + 438
    return math.sqrt(z) + y

def f439(x, y=2):
    '''doc 439'''
    z = x * RATE + 439
    return math.sqrt(z) + y

def f440(x, y=2):
    '''doc 440'''
    z = x * RATE + 440
    return math.sqrt(z) + y

def f441(x, y=2):
    '''doc 441'''
    z = x * RATE + 441
    return math.sqrt(z) + y

def f442(x, y=2):
    '''doc 442'''
    z = x * RATE + 442
    return math.sqrt(z) + y

def f443(x, y=2):
    '''doc 443'''
    z = x * RATE + 443
    return math.sqrt(z) + y

def f444(x, y=2):
    '''doc 444'''
    z = x * RATE + 444
    return math.sqrt(z) + y

def f445(x, y=2):
    '''doc 445'''
    z = x * RATE + 445
    return math.sqrt(z) + y

def f446(x, y=2):
    '''doc 446'''
    z = x * RATE + 446
    return math.sqrt(z) + y

def f447(x, y=2):
    '''doc 447'''
    z = x * RATE + 447
    return math.sqrt(z) + y

def f448(x, y=2):
    '''doc 448'''
    z = x * RATE + 448
    return math.sqrt(z) + y

def f449(x, y=2):
    '''doc 449'''
    z = x * RATE + 449
    return math.sqrt(z) + y

def f450(x, y=2):
    '''doc 450'''
    z = x * RATE + 450
    return math.sqrt(z) + y

def f451(x, y=2):
    '''doc 451'''
    z = x * RATE + 451
    return math.sqrt(z) + y

def f452(x, y=2):
    '''doc 452'''
    z = x * RATE + 452
    return math.sqrt(z) + y

def f453(x, y=2):
    '''doc 453'''
    z = x * RATE + 453
    return math.sqrt(z) + y

def f454(x, y=2):
    '''doc 454'''
    z = x * RATE + 454
    return math.sqrt(z) + y

def f455(x, y=2):
    '''doc 455'''
    z = x * RATE + 455
    return math.sqrt(z) + y

def f456(x, y=2):
    '''doc 456'''
    z = x * RATE + 456
    return math.sqrt(z) + y

def f457(x, y=2):
    '''doc 457'''
    z = x * RATE + 457
    return math.sqrt(z) + y

def f458(x, y=2):
    '''doc 458'''
    z = x * RATE + 458
    return math.sqrt(z) + y

def f459(x, y=2):
    '''doc 459'''
    z = x * RATE + 459
    return math.sqrt(z) + y

def f460(x, y=2):
    '''doc 460'''
    z = x * RATE + 460
    return math.sqrt(z) + y

def f461(x, y=2):
    '''doc 461'''
    z = x * RATE + 461
    return math.sqrt(z) + y

def f462(x, y=2):
    '''doc 462'''
    z = x * RATE + 462
    return math.sqrt(z) + y

def f463(x, y=2):
    '''doc 463'''
    z = x * RATE + 463
    return math.sqrt(z) + y

def f464(x, y=2):
    '''doc 464'''
    z = x * RATE + 464
    return math.sqrt(z) + y

def f465(x, y=2):
    '''doc 465'''
    z = x * RATE + 465
    return math.sqrt(z) + y

def f466(x, y=2):
    '''doc 466'''
    z = x * RATE + 466
    return math.sqrt(z) + y

def f467(x, y=2):
    '''doc 467'''
    z = x * RATE + 467
    return math.sqrt(z) + y

def f468(x, y=2):
    '''doc 468'''
    z = x * RATE + 468
    return math.sqrt(z) + y

def f469(x, y=2):
    '''doc 469'''
    z = x * RATE + 469
    return math.sqrt(z) + y

def f470(x, y=2):
    '''doc 470'''
    z = x * RATE + 470
    return math.sqrt(z) + y

def f471(x, y=2):
    '''doc 471'''
    z = x * RATE + 471
    return math.sqrt(z) + y

def f472(x, y=2):
    '''doc 472'''
    z = x * RATE + 472
    return math.sqrt(z) + y

def f473(x, y=2):
    '''doc 473'''
    z = x * RATE + 473
    return math.sqrt(z) + y

def f474(x, y=2):
    '''doc 474'''
    z = x * RATE + 474
    return math.sqrt(z) + y

def f475(x, y=2):
    '''doc 475'''
    z = x * RATE + 475
    return math.sqrt(z) + y

def f476(x, y=2):
    '''doc 476'''
    z = x * RATE + 476
    return math.sqrt(z) + y

def f477(x, y=2):
    '''doc 477'''
    z = x * RATE + 477
    return math.sqrt(z) + y

def f478(x, y=2):
    '''doc 478'''
    z = x * RATE + 478
    return math.sqrt(z) + y

def f479(x, y=2):
    '''doc 479'''
    z = x * RATE + 479
    return math.sqrt(z) + y

def f480(x, y=2):
    '''doc 480'''
    z = x * RATE + 480
    return math.sqrt(z) + y

def f481(x, y=2):
    '''doc 481'''
    z = x * RATE + 481
    return math.sqrt(z) + y

def f482(x, y=2):
    '''doc 482'''
    z = x * RATE + 482
    return math.sqrt(z) + y

def f483(x, y=2):
    '''doc 483'''
    z = x * RATE + 483
    return math.sqrt(z) + y

def f484(x, y=2):
    '''doc 484'''
    z = x * RATE + 484
    return math.sqrt(z) + y

def f485(x, y=2):
    '''doc 485'''
    z = x * RATE + 485
    return math.sqrt(z) + y

def f486(x, y=2):
    '''doc 486'''
    z = x * RATE + 486
    return math.sqrt(z) + y

def f487(x, y=2):
    '''doc 487'''
    z = x * RATE + 487
    return math.sqrt(z) + y

def f488(x, y=2):
    '''doc 488'''
    z = x * RATE + 488
    return math.sqrt(z) + y

def f489(x, y=2):
    '''doc 489'''
    z = x * RATE + 489
    return math.sqrt(z) + y

def f490(x, y=2):
    '''doc 490'''
    z = x * RATE + 490
    return math.sqrt(z) + y

def f491(x, y=2):
    '''doc 491'''
    z = x * RATE + 491
    return math.sqrt(z) + y

def f492(x, y=2):
    '''doc 492'''
    z = x * RATE + 492
    return math.sqrt(z) + y

def f493(x, y=2):
    '''doc 493'''
    z = x * RATE + 493
    return math.sqrt(z) + y

def f494(x, y=2):
    '''doc 494'''
    z = x * RATE + 494
    return math.sqrt(z) + y

def f495(x, y=2):
    '''doc 495'''
    z = x * RATE + 495
    return math.sqrt(z) + y

def f496(x, y=2):
    '''doc 496'''
    z = x * RATE + 496
    return math.sqrt(z) + y

def f497(x, y=2):
    '''doc 497'''
    z = x * RATE + 497
    return math.sqrt(z) + y

def f498(x, y=2):
    '''doc 498'''
    z = x * RATE + 498
    return math.sqrt(z) + y

def f499(x, y=2):
    '''doc 499'''
    z = x * RATE + 499
    return math.sqrt(z) + y

def f500(x, y=2):
    '''doc 500'''
    z = x * RATE + 500
    return math.sqrt(z) + y

def f501(x, y=2):
    '''doc 501'''
    z = x * RATE + 501
    return math.sqrt(z) + y

def f502(x, y=2):
    '''doc 502'''
    z = x * RATE + 502
    return math.sqrt(z) + y

def f503(x, y=2):
    '''doc 503'''
    z = x * RATE + 503
    return math.sqrt(z) + y

def f504(x, y=2):
    '''doc 504'''
    z = x * RATE + 504
    return math.sqrt(z) + y

def f505(x, y=2):
    '''doc 505'''
    z = x * RATE + 505
    return math.sqrt(z) + y

def f506(x, y=2):
    '''doc 506'''
    z = x * RATE + 506
    return math.sqrt(z) + y

def f507(x, y=2):
    '''doc 507'''
    z = x * RATE + 507
    return math.sqrt(z) + y

def f508(x, y=2):
    '''doc 508'''
    z = x * RATE + 508
    return math.sqrt(z) + y

def f509(x, y=2):
    '''doc 509'''
    z = x * RATE + 509
    return math.sqrt(z) + y

def f510(x, y=2):
    '''doc 510'''
    z = x * RATE + 510
    return math.sqrt(z) + y

def f511(x, y=2):
    '''doc 511'''
    z = x * RATE + 511
    return math.sqrt(z) + y

def f512(x, y=2):
    '''doc 512'''
    z = x * RATE + 512
    return math.sqrt(z) + y

def f513(x, y=2):
    '''doc 513'''
    z = x * RATE + 513
    return math.sqrt(z) + y

def f514(x, y=2):
    '''doc 514'''
    z = x * RATE + 514
    return math.sqrt(z) + y

def f515(x, y=2):
    '''doc 515'''
    z = x * RATE + 515
    return math.sqrt(z) + y

def f516(x, y=2):
    '''doc 516'''
    z = x * RATE + 516
    return math.sqrt(z) + y

def f517(x, y=2):
    '''doc 517'''
    z = x * RATE + 517
    return math.sqrt(z) + y

def f518(x, y=2):
    '''doc 518'''
    z = x * RATE + 518
    return math.sqrt(z) + y

def f519(x, y=2):
    '''doc 519'''
    z = x * RATE + 519
    return math.sqrt(z) + y

def f520(x, y=2):
    '''doc 520'''
    z = x * RATE + 520
    return math.sqrt(z) + y

def f521(x, y=2):
    '''doc 521'''
    z = x * RATE + 521
    return math.sqrt(z) + y

def f522(x, y=2):
    '''doc 522'''
    z = x * RATE + 522
    return math.sqrt(z) + y

def f523(x, y=2):
    '''doc 523'''
    z = x * RATE + 523
    return math.sqrt(z) + y

def f524(x, y=2):
    '''doc 524'''
    z = x * RATE + 524
    return math.sqrt(z) + y

def f525(x, y=2):
    '''doc 525'''
    z = x * RATE + 525
    return math.sqrt(z) + y

def f526(x, y=2):
    '''doc 526'''
    z = x * RATE + 526
    return math.sqrt(z) + y

def f527(x, y=2):
    '''doc 527'''
    z = x * RATE + 527
    return math.sqrt(z) + y

def f528(x, y=2):
    '''doc 528'''
    z = x * RATE + 528
    return math.sqrt(z) + y

def f529(x, y=2):
    '''doc 529'''
    z = x * RATE + 529
    return math.sqrt(z) + y

def f530(x, y=2):
    '''doc 530'''
    z = x * RATE + 530
    return math.sqrt(z) + y

def f531(x, y=2):
    '''doc 531'''
    z = x * RATE + 531
    return math.sqrt(z) + y

def f532(x, y=2):
    '''doc 532'''
    z = x * RATE + 532
    return math.sqrt(z) + y

def f533(x, y=2):
    '''doc 533'''
    z = x * RATE + 533
    return math.sqrt(z) + y

def f534(x, y=2):
    '''doc 534'''
    z = x * RATE + 534
    return math.sqrt(z) + y

def f535(x, y=2):
    '''doc 535'''
    z = x * RATE + 535
    return math.sqrt(z) + y

def f536(x, y=2):
    '''doc 536'''
    z = x * RATE + 536
    return math.sqrt(z) + y

def f537(x, y=2):
    '''doc 537'''
    z = x * RATE + 537
    return math.sqrt(z) + y

def f538(x, y=2):
    '''doc 538'''
    z = x * RATE + 538
    return math.sqrt(z) + y

def f539(x, y=2):
    '''doc 539'''
    z = x * RATE + 539
    return math.sqrt(z) + y

def f540(x, y=2):
    '''doc 540'''
    z = x * RATE + 540
    return math.sqrt(z) + y

def f541(x, y=2):
    '''doc 541'''
    z = x * RATE + 541
    return math.sqrt(z) + y

def f542(x, y=2):
    '''doc 542'''
    z = x * RATE + 542
    return math.sqrt(z) + y

def f543(x, y=2):
    '''doc 543'''
    z = x * RATE + 543
    return math.sqrt(z) + y

def f544(x, y=2):
    '''doc 544'''
    z = x * RATE + 544
    return math.sqrt(z) + y

def f545(x, y=2):
    '''doc 545'''
    z = x * RATE + 545
    return math.sqrt(z) + y

def f546(x, y=2):
    '''doc 546'''
    z = x * RATE + 546
    return math.sqrt(z) + y

def f547(x, y=2):
    '''doc 547'''
    z = x * RATE + 547
    return math.sqrt(z) + y

def f548(x, y=2):
    '''doc 548'''
    z = x * RATE + 548
    return math.sqrt(z) + y

def f549(x, y=2):
    '''doc 549'''
    z = x * RATE + 549
    return math.sqrt(z) + y

def f550(x, y=2):
    '''doc 550'''
    z = x * RATE + 550
    return math.sqrt(z) + y

def f551(x, y=2):
    '''doc 551'''
    z = x * RATE + 551
    return math.sqrt(z) + y

def f552(x, y=2):
    '''doc 552'''
    z = x * RATE + 552
    return math.sqrt(z) + y

def f553(x, y=2):
    '''doc 553'''
    z = x * RATE + 553
    return math.sqrt(z) + y

def f554(x, y=2):
    '''doc 554'''
    z = x * RATE + 554
    return math.sqrt(z) + y

def f555(x, y=2):
    '''doc 555'''
    z = x * RATE + 555
    return math.sqrt(z) + y

def f556(x, y=2):
    '''doc 556'''
    z = x * RATE + 556
    return math.sqrt(z) + y

def f557(x, y=2):
    '''doc 557'''
    z = x * RATE + 557
    return math.sqrt(z) + y

def f558(x, y=2):
    '''doc 558'''
    z = x * RATE + 558
    return math.sqrt(z) + y

def f559(x, y=2):
    '''doc 559'''
    z = x * RATE + 559
    return math.sqrt(z) + y

def f560(x, y=2):
    '''doc 560'''
    z = x * RATE + 560
    return math.sqrt(z) + y

def f561(x, y=2):
    '''doc 561'''
    z = x * RATE + 561
    return math.sqrt(z) + y

def f562(x, y=2):
    '''doc 562'''
    z = x * RATE + 562
    return math.sqrt(z) + y

def f563(x, y=2):
    '''doc 563'''
    z = x * RATE + 563
    return math.sqrt(z) + y

def f564(x, y=2):
    '''doc 564'''
    z = x * RATE + 564
    return math.sqrt(z) + y

def f565(x, y=2):
    '''doc 565'''
    z = x * RATE + 565
    return math.sqrt(z) + y

def f566(x, y=2):
    '''doc 566'''
    z = x * RATE + 566
    return math.sqrt(z) + y

def f567(x, y=2):
    '''doc 567'''
    z = x * RATE + 567
    return math.sqrt(z) + y

def f568(x, y=2):
    '''doc 568'''
    z = x * RATE + 568
    return math.sqrt(z) + y

def f569(x, y=2):
    '''doc 569'''
    z = x * RATE + 569
    return math.sqrt(z) + y

def f570(x, y=2):
    '''doc 570'''
    z = x * RATE + 570
    return math.sqrt(z) + y

def f571(x, y=2):
    '''doc 571'''
    z = x * RATE + 571
    return math.sqrt(z) + y

def f572(x, y=2):
    '''doc 572'''
    z = x * RATE + 572
    return math.sqrt(z) + y

def f573(x, y=2):
    '''doc 573'''
    z = x * RATE + 573
    return math.sqrt(z) + y

def f574(x, y=2):
    '''doc 574'''
    z = x * RATE + 574
    return math.sqrt(z) + y

def f575(x, y=2):
    '''doc 575'''
    z = x * RATE + 575
    return math.sqrt(z) + y

def f576(x, y=2):
    '''doc 576'''
    z = x * RATE + 576
    return math.sqrt(z) + y

def f577(x, y=2):
    '''doc 577'''
    z = x * RATE + 577
    return math.sqrt(z) + y

def f578(x, y=2):
    '''doc 578'''
    z = x * RATE + 578
    return math.sqrt(z) + y

def f579(x, y=2):
    '''doc 579'''
    z = x * RATE + 579
    return math.sqrt(z) + y

def f580(x, y=2):
    '''doc 580'''
    z = x * RATE + 580
    return math.sqrt(z) + y

def f581(x, y=2):
    '''doc 581'''
    z = x * RATE + 581
    return math.sqrt(z) + y

def f582(x, y=2):
    '''doc 582'''
    z = x * RATE + 582
    return math.sqrt(z) + y

def f583(x, y=2):
    '''doc 583'''
    z = x * RATE + 583
    return math.sqrt(z) + y

def f584(x, y=2):
    '''doc 584'''
    z = x * RATE + 584
    return math.sqrt(z) + y

def f585(x, y=2):
    '''doc 585'''
    z = x * RATE + 585
    return math.sqrt(z) + y

def f586(x, y=2):
    '''doc 586'''
    z = x * RATE + 586
    return math.sqrt(z) + y

def f587(x, y=2):
    '''doc 587'''
    z = x * RATE + 587
    return math.sqrt(z) + y

def f588(x, y=2):
    '''doc 588'''
    z = x * RATE + 588
    return math.sqrt(z) + y

def f589(x, y=2):
    '''doc 589'''
    z = x * RATE + 589
    return math.sqrt(z) + y

def f590(x, y=2):
    '''doc 590'''
    z = x * RATE + 590
    return math.sqrt(z) + y

def f591(x, y=2):
    '''doc 591'''
    z = x * RATE + 591
    return math.sqrt(z) + y

def f592(x, y=2):
    '''doc 592'''
    z = x * RATE + 592
    return math.sqrt(z) + y

def f593(x, y=2):
    '''doc 593'''
    z = x * RATE + 593
    return math.sqrt(z) + y

def f594(x, y=2):
    '''doc 594'''
    z = x * RATE + 594
    return math.sqrt(z) + y

def f595(x, y=2):
    '''doc 595'''
    z = x * RATE + 595
    return math.sqrt(z) + y

def f596(x, y=2):
    '''doc 596'''
    z = x * RATE + 596
    return math.sqrt(z) + y

def f597(x, y=2):
    '''doc 597'''
    z = x * RATE + 597
    return math.sqrt(z) + y

def f598(x, y=2):
    '''doc 598'''
    z = x * RATE + 598
    return math.sqrt(z) + y

def f599(x, y=2):
    '''doc 599'''
    z = x * RATE + 599
    return math.sqrt(z) + y

