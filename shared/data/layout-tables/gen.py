# Generates the letter-pair cost tables of shared/src/name.cpp and measures them.
import json, re, math, collections, sys
SEED='/work/shared/seed/000_91484741fa0535b0.txt'
ENG=['/work/shared/spec.md','/work/shared/style.md']
UA='абвгґдеєжзиіїйклмнопрстуфхцчшщьюяʼ'
LA='abcdefghijklmnopqrstuvwxyz'
lat="qwertyuiop[]asdfghjkl;'zxcvbnm,.`\\"
ukr="йцукенгшщзхїфівапролджєячсмитьбюʼґ"
L2U={}
for a,b in zip(lat,ukr):
    L2U[a]=b
    if a.isalpha(): L2U[a.upper()]=b.upper()
for a,b in zip('{}:"<>|','ХЇЖЄБЮҐ'): L2U[a]=b
U2L={v:k for k,v in L2U.items()}
def to_en(s): return ''.join(U2L.get(c,c) for c in s)
def from_en(s): return ''.join(L2U.get(c,c) for c in s)
tr={'а':'a','б':'b','в':'v','г':'h','ґ':'g','д':'d','е':'e','є':'ie','ж':'zh','з':'z','и':'y','і':'i','ї':'i','й':'i','к':'k','л':'l','м':'m','н':'n','о':'o','п':'p','р':'r','с':'s','т':'t','у':'u','ф':'f','х':'kh','ц':'ts','ч':'ch','ш':'sh','щ':'shch','ь':'','ю':'iu','я':'ia','ʼ':'','-':'-'}
trs={'є':'ye','ї':'yi','й':'y','ю':'yu','я':'ya'}
def translit(s):
    out=[]
    for i,c in enumerate(s):
        lc=c.lower(); start = i==0 or s[i-1]=='-'
        t = trs.get(lc,tr[lc]) if start else tr[lc]
        if c.isupper() and t: t=t[0].upper()+t[1:]
        out.append(t)
    return ''.join(out)
ua_text=open(SEED).read()
for f in ENG: ua_text+=' '.join(re.findall(r"[«]([^»]*)[»]", open(f).read()))
ukwords=[w.lower().replace("'", 'ʼ').replace('’','ʼ') for w in re.findall(r"[а-яієїґА-ЯІЄЇҐ'’ʼ]+", ua_text)]
ukwords=[w.strip('ʼ') for w in ukwords if all(c in UA for c in w)]
eng=' '.join(open(f).read() for f in ENG)
lw=[w.lower() for w in re.findall(r"[A-Za-z]+", eng)]
trw=[translit(w).lower() for w in ukwords]
def counts(words):
    c=collections.Counter()
    for w in words:
        w='^'+w+'^'
        for a,b in zip(w,w[1:]): c[a+b]+=1
    return c
STEP=0.5; CAP=25
def table(words, alphabet, alpha=0.5):
    B=counts(words); syms='^'+alphabet
    rows=[]
    for a in syms:
        tot=sum(B[a+b] for b in syms)
        rows.append([min(CAP, round(-math.log((B[a+b]+alpha)/(tot+alpha*len(syms)))/STEP)) for b in syms])
    return rows
UT=table(ukwords, UA); LT=table(lw+trw, LA)
def cost(s, T, alphabet):
    syms='^'+alphabet; t=0
    for part in re.split(r"[- ]", s.lower()):
        w='^'+part+'^'
        for a,b in zip(w,w[1:]):
            t+= T[syms.index(a)][syms.index(b)] if a in syms and b in syms else CAP
    return t
UV=set('аеєиіїоуюя')
def uk_plausible(m):
    m=m.lower()
    for i,c in enumerate(m):
        prev=m[i-1] if i>0 else '-'
        if c=='ь' and (prev in UV or prev in 'ьйʼ- '): return False
        if c=='ʼ' and (i+1>=len(m) or m[i+1] not in 'яюєї'): return False
    return True
TH=int(sys.argv[1]) if len(sys.argv)>1 else 2
def suggest(s):
    if not all(c in L2U or c in '- ' for c in s): return False
    m=from_en(s)
    if not uk_plausible(m): return False
    return cost(s,LT,LA)-cost(m,UT,UA) > TH
if __name__=='__main__':
    d=json.load(open('/work/main/tests/corpora/names-uk.json'))
    names=[n for k,v in d.items() if isinstance(v,list) for n in v]
    eng_names="John James Robert Michael William David Richard Joseph Thomas Charles Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Wilson Anderson Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Walker Hall Young King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Max Alex Kevin Brian George Edward Ronald Anthony Steven Paul Andrew Mark Sergey Dmitry Aleksey Ekaterina Natalia Olga Tatiana Ivanov Petrov Smirnov Yuriy Andriy Mykhailo Oleksiy Serhiy Volodymyr Zelenskyy Kovalenko Bondarenko Tkachenko Kravchenko Oliynyk Shevchuk Polishchuk Lysenko Marchenko Savchenko Rudenko Moroz Taras Shevchenko Olena Ira Anna Maria Ivan Petro Bob Igor Ihor Vasyl Mykola Bohdan Kateryna Iryna Svitlana Yulia Oksana Nataliya Alexander Alexandr Viktor Victor Nina Inna Vlad Roman Denys Denis Maksym Artem Oleh Oleg Pavlo Anton Yaroslav Larysa Halyna Galina Lyudmyla Liudmyla Valentyna Tetyana Zoya Lesya Nadiya Vira Liubov Kyrylo Kirill Danylo Daniel Nazar Markiyan Ostap".split()
    print('training words', len(ukwords), len(lw))
    miss=[n for n in names if not suggest(to_en(n))]
    fp=[translit(n) for n in names if suggest(translit(n))]
    ex=[(e,from_en(e)) for e in eng_names if suggest(e)]
    print('TH',TH,'miss',len(miss),'/',len(names),miss,'\nfp translit',len(fp),fp,'\nfp other',len(ex),'/',len(eng_names),ex)
