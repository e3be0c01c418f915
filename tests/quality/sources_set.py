"""A bilingual question set over the writer's sources, for measuring search and ask.

Every document was written for this project (none is copied from elsewhere);
the places and people in them are partly invented. Each answerable question
names the document and a phrase of the passage that answers it; the
unanswerable ones (file None) ask about things the documents do not say, often
in their own words, which is what makes refusing them hard.
"""

from __future__ import annotations

from dataclasses import dataclass

DOCUMENTS = {
    "en/harbour.md": """# Port Elling harbour

The lighthouse on the north mole was built in 1868 by the engineer Thomas Rudd. Its lamp burned paraffin
until 1931, when it was converted to electricity, and a keeper lived in the cottage below it until 1979.

The fishing fleet was largest in 1903, when 140 boats worked out of the harbour, most of them after herring.
By the 1960s fewer than twenty were left, and the fish market closed in 1971.

After the great storm of January 1927 tore away part of the harbour wall, the breakwater was extended by
eighty metres. The new section was built of granite blocks brought by sea from Cornwall.

A ferry to Skarra island runs twice a day in summer and once a day in winter. The crossing takes forty
minutes, and bicycles travel free.
""",
    "en/bees.md": """# Notes on keeping bees

A colony has one queen, who can lay up to two thousand eggs a day at the height of summer. Drones have no
sting; their only task is to mate with a young queen.

Worker bees live about six weeks in summer, but the winter bees that hatch in autumn live for several months
and keep the cluster warm by shivering their flight muscles.

Swarming happens mostly in late spring, when the old queen leaves with half the colony. Giving the bees more
room early in May makes a swarm less likely.

We take the honey off in August, about twelve kilograms from a strong hive, and always leave the bees enough
for the winter. The varroa mite is treated with oxalic acid in December, when the colony has no brood.
""",
    "en/sourdough.md": """# Sourdough, as we bake it

The starter is fed once a day with equal weights of flour and water. A spoonful of rye flour makes it more
lively, because rye carries more wild yeast than white wheat flour.

Our dough is 75 percent hydration: 750 grams of water for every kilogram of flour, with 20 grams of salt.
Bulk fermentation takes four to five hours at 24 degrees, with a set of folds every half hour for the first
two hours.

The loaves rise overnight in the fridge. We bake them at 250 degrees in a cast iron pot, twenty minutes with
the lid on and twenty-five minutes without it, until the crust is dark brown.
""",
    "en/observatory.md": """# The observatory on Bell Hill

The observatory was opened in 1931 with a 40 centimetre reflecting telescope, paid for by a subscription among
the town's shopkeepers. The dome is still turned by hand with a crank.

In 1957 the astronomer Margaret Hale discovered a comet from Bell Hill; it carries her name and returns every
seventy-two years.

The observatory is open to the public on the first Friday evening of each month, weather permitting. Children
under twelve must come with an adult, and entry is free.
""",
    "en/garden.md": """# Rules of the Marsh Lane community garden

Each plot measures five metres by ten, and the rent is thirty pounds a year, due in April. Members who cannot
tend their plot for a season should tell the committee.

No chemical pesticides or weedkillers may be used anywhere in the garden. Slugs are best dealt with by hand
in the evening, or with beer traps.

The code of the tool shed lock changes every March and is sent to members by email. The compost bins stand by
the north gate; woody prunings go in the separate cage beside them.

There is a waiting list for plots, at present about two years long.
""",
    "en/railway.md": """# The Afon valley railway

The line opened in 1874 to carry slate from the quarries at Blaen down to the harbour at the coast. Passenger
trains ran from 1880 until the line closed to passengers in 1962.

The viaduct at Pont Hir has twenty-one stone arches and is the longest on the line. It was repaired in 2004
after a flood undermined two of its piers.

Volunteers restored the steam locomotive Curlew in 1998, and it now pulls the heritage trains on summer
weekends between the old station and the viaduct.
""",
    "zh/龙井.md": """# 龙井茶

龙井茶产于杭州西湖一带的山中，是中国最有名的绿茶之一。

清明节以前采摘的叫“明前茶”，芽叶细嫩，产量很少，价格也最高。谷雨以前采的叫“雨前茶”。

龙井茶要用手在铁锅里炒制，锅温大约两百度，炒茶师傅靠手掌的感觉掌握火候，一锅茶要炒二十分钟左右。

冲泡龙井最好用八十度左右的水，水太烫会把嫩芽泡熟，茶汤变黄，香气也会散失。
""",
    "zh/长城.md": """# 长城

现在人们看到的长城，大多是明朝修筑的，砖石结构，城墙上每隔一段就有一座敌楼。

八达岭长城位于北京延庆，一九五七年开始接待游客，是最早对外开放的一段长城。

二〇一二年国家文物局公布的测量结果显示，历代长城的总长度为二万一千一百九十六公里。

古时候守军在烽火台上点燃烟火传递军情，白天放烟，夜里举火，消息一天之内可以传出几百里。
""",
    "zh/熊猫.md": """# 大熊猫

大熊猫几乎只吃竹子，一只成年大熊猫每天要吃十二到三十八公斤竹子，一天中有一半以上的时间在进食。

野生大熊猫生活在四川、陕西和甘肃的山区，其中四川的数量最多。

大熊猫刚出生时只有一百克左右，全身粉红，几乎没有毛，要过一个多月才能睁开眼睛。

卧龙自然保护区建于一九六三年，是中国最早以保护大熊猫为主的自然保护区之一。
""",
    "zh/书院.md": """# 白石书院

白石书院由乡绅陈元礼创建于明万历十五年，也就是一五八七年，最初只有三间讲堂。

书院的藏书楼鼎盛时藏书三万多卷，其中有不少宋元刻本，可惜大部分在战乱中散失了。

一九〇三年，白石书院改为新式学堂，开设算学、格致和外语等课程。

一九二六年的一场大火烧毁了讲堂，后来由当地商会出资按原样重建。
""",
    "zh/饺子.md": """# 包饺子

北方人过春节一定要吃饺子，除夕夜守岁时全家人一起包，子时一到就下锅。

民间传说饺子是东汉名医张仲景发明的，他用羊肉、辣椒和驱寒的药材包成耳朵的形状，给冻伤耳朵的穷人吃。

和面时面粉和水的比例大约是二比一，面要和得稍硬一些，醒半个小时再擀皮。

煮饺子要“点三次水”：水开后下饺子，每次滚起来就加一碗凉水，加三次以后饺子就熟了。
""",
    "zh/运河.md": """# 京杭大运河

京杭大运河北起北京，南到杭州，全长约一千七百九十四公里，是世界上最长的人工运河。

公元六〇五年，隋炀帝下令开凿通济渠，连通黄河与淮河，这是大运河最重要的一段工程。

元朝时为了把南方的粮食运到大都，截弯取直，开凿了会通河和通惠河。

二〇一四年，中国大运河被列入世界文化遗产名录。
""",
}


@dataclass(frozen=True)
class Question:
    language: str  # "en" or "zh"
    text: str
    file: str | None  # the document that answers it; None when none does
    passage: str = ""  # a phrase of the passage that answers it


def q(text: str, file: str | None = None, passage: str = "") -> Question:
    return Question("zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en", text, file, passage)


QUESTIONS = [
    q("Who built the lighthouse on the north mole?", "en/harbour.md", "engineer Thomas Rudd"),
    q("When was the lighthouse lamp converted to electricity?", "en/harbour.md", "converted to electricity"),
    q("How many fishing boats worked out of Port Elling at the fleet's peak?", "en/harbour.md", "140 boats"),
    q("How much longer was the breakwater made after the 1927 storm?", "en/harbour.md", "eighty metres"),
    q("How long does the ferry crossing to Skarra take?", "en/harbour.md", "forty\nminutes"),
    q("How many eggs can a queen bee lay in a day?", "en/bees.md", "two thousand eggs"),
    q("How long do worker bees live in summer?", "en/bees.md", "about six weeks"),
    q("What can be done in May to prevent swarming?", "en/bees.md", "more\nroom early in May"),
    q("How much honey does a strong hive give?", "en/bees.md", "twelve kilograms"),
    q("When is the varroa mite treated with oxalic acid?", "en/bees.md", "oxalic acid in December"),
    q("Why does rye flour make a sourdough starter more lively?", "en/sourdough.md", "more wild yeast"),
    q("How much salt goes into the dough per kilogram of flour?", "en/sourdough.md", "20 grams of salt"),
    q("At what temperature are the loaves baked?", "en/sourdough.md", "250 degrees"),
    q("How long does bulk fermentation take?", "en/sourdough.md", "four to five hours"),
    q("What size is the telescope of the Bell Hill observatory?", "en/observatory.md", "40 centimetre"),
    q("Which astronomer discovered a comet from Bell Hill?", "en/observatory.md", "Margaret Hale"),
    q("When can the public visit the observatory?", "en/observatory.md", "first Friday evening"),
    q("How much is the yearly rent of a garden plot?", "en/garden.md", "thirty pounds a year"),
    q("Where are the compost bins in the community garden?", "en/garden.md", "by\nthe north gate"),
    q("How should gardeners deal with slugs?", "en/garden.md", "beer traps"),
    q("What did the Afon valley railway carry when it opened?", "en/railway.md", "carry slate"),
    q("How many arches does the Pont Hir viaduct have?", "en/railway.md", "twenty-one stone arches"),
    q("When did passenger trains stop running on the valley line?", "en/railway.md", "closed to passengers in 1962"),
    q("Who restored the locomotive Curlew?", "en/railway.md", "Volunteers restored"),
    q("龙井茶产于哪里？", "zh/龙井.md", "杭州西湖"),
    q("什么是明前茶？", "zh/龙井.md", "明前茶"),
    q("炒龙井茶时锅温大约多少度？", "zh/龙井.md", "锅温大约两百度"),
    q("冲泡龙井应该用多少度的水？", "zh/龙井.md", "八十度"),
    q("现在看到的长城大多是哪个朝代修筑的？", "zh/长城.md", "明朝修筑"),
    q("八达岭长城哪一年开始接待游客？", "zh/长城.md", "一九五七年"),
    q("长城的总长度是多少？", "zh/长城.md", "二万一千一百九十六公里"),
    q("烽火台是怎样传递军情的？", "zh/长城.md", "白天放烟"),
    q("大熊猫每天吃多少竹子？", "zh/熊猫.md", "十二到三十八公斤"),
    q("野生大熊猫生活在哪些省份？", "zh/熊猫.md", "四川、陕西和甘肃"),
    q("刚出生的大熊猫有多重？", "zh/熊猫.md", "一百克左右"),
    q("卧龙自然保护区是哪一年建立的？", "zh/熊猫.md", "一九六三年"),
    q("白石书院是谁创建的？", "zh/书院.md", "陈元礼"),
    q("白石书院的藏书楼藏书多少卷？", "zh/书院.md", "三万多卷"),
    q("白石书院什么时候改为新式学堂？", "zh/书院.md", "一九〇三年"),
    q("书院的讲堂是怎么被毁的？", "zh/书院.md", "大火烧毁了讲堂"),
    q("传说饺子是谁发明的？", "zh/饺子.md", "张仲景"),
    q("和面时面粉和水的比例是多少？", "zh/饺子.md", "二比一"),
    q("煮饺子为什么要点三次水？", "zh/饺子.md", "点三次水"),
    q("京杭大运河全长多少公里？", "zh/运河.md", "一千七百九十四公里"),
    q("隋炀帝开凿了哪一段运河？", "zh/运河.md", "通济渠"),
    q("大运河哪一年被列入世界文化遗产？", "zh/运河.md", "二〇一四年"),
    # Unanswerable: the documents do not say.
    q("When was the lighthouse on the north mole demolished?"),
    q("What is the name of the harbour master?"),
    q("How many bee stings does it take to cause an allergic reaction?"),
    q("Which bakery in town sells the best croissants?"),
    q("What is the focal length of the Bell Hill telescope's eyepiece?"),
    q("Who won the garden's prize for the largest pumpkin?"),
    q("How fast could the locomotive Curlew travel?"),
    q("What is the population of Skarra island?"),
    q("Which programming language is best for beginners?"),
    q("How much does a train ticket to London cost?"),
    q("龙井茶的出口量每年有多少吨？"),
    q("八达岭长城的门票多少钱？"),
    q("大熊猫的寿命一般有多长？"),
    q("白石书院现在的院长是谁？"),
    q("饺子皮可以用米粉做吗？"),
    q("京杭大运河上有多少座桥？"),
    q("上海的地铁有几条线路？"),
    q("如何学习编程？"),
]
