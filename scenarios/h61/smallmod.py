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

