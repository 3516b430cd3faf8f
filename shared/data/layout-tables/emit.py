import sys; sys.argv=['x','2']
exec(open('gen.py').read().split("if __name__")[0])
def emit(name, T, alphabet):
    syms='^'+alphabet
    out=[f"constexpr std::string_view {name}[] = {{"]
    for a,row in zip(syms,T):
        out.append('    "'+''.join(chr(ord('a')+c) for c in row)+'",  // '+a)
    out.append('};')
    return '\n'.join(out)
print(emit('kUkrainianPairs', UT, UA)); print(emit('kLatinPairs', LT, LA))
print(max(max(r) for r in UT), max(max(r) for r in LT))
