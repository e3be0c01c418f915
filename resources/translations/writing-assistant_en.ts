<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>FindBar</name>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>%n replaced</numerusform>
            <numerusform>%n replaced</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message numerus="yes">
        <source>Delete %n unsaved draft(s) for good?</source>
        <translation>
            <numerusform>Delete %n unsaved draft for good?</numerusform>
            <numerusform>Delete %n unsaved drafts for good?</numerusform>
        </translation>
    </message>
</context>
</TS>
